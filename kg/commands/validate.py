"""`kg validate`: check the store (or some of its graphs, or RDF files) against the SHACL shapes."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from kg.settings import Config


def cmd_validate(args: argparse.Namespace, config: Config) -> int:
    """Print every violation (focus node, path, message) and a summary; exit 1 when any."""
    from rdflib import URIRef

    from kg.rdf.store import open_store
    from kg.rdf.validate import validate_files, validate_store

    if args.files:
        report = validate_files(args.files)
    else:
        with open_store(config, read_only=True) as store:
            names = [URIRef(g) for g in args.graph] if args.graph else None
            report = validate_store(store, names)
    if args.format == "json":
        print(json.dumps({"conforms": report.conforms, "triples": report.triples, "graphs": report.graphs,
                          "seconds": round(report.seconds, 3),
                          "results": [{"focus": v.focus, "path": v.path, "message": v.message, "value": v.value,
                                       "severity": v.severity} for v in report.violations]},
                         ensure_ascii=False, indent=1))
    else:
        print(report.text(), file=sys.stdout)
    return 0 if report.conforms else 1


def register(sub: Any) -> None:
    p = sub.add_parser("validate", help="check the store (or given graphs or files) against the SHACL shapes")
    p.add_argument("files", nargs="*", metavar="FILE",
                   help="RDF files to check instead of the store (.ttl, .trig, .nt, .nq, .jsonld): their union")
    p.add_argument("--graph", action="append", default=[], metavar="IRI",
                   help="check only this article graph of the store (repeatable)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_validate)
