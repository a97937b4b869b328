"""`kg query`: a SPARQL query (text or FILE.rq) against the store."""

from __future__ import annotations

import argparse
import json
from typing import Any

from kg.settings import Config


def cmd_query(args: argparse.Namespace, config: Config) -> int:
    """Run a SPARQL query (text or a .rq file) against the store and print the results."""
    from pathlib import Path

    from kg.rdf.results import render_graph, render_rows
    from kg.rdf.store import open_store

    text = args.query
    if text.endswith(".rq") and Path(text).is_file():
        text = Path(text).read_text(encoding="utf-8")
    with open_store(config, read_only=True) as store:
        result = store.query(text)
    if result.kind == "select":
        rendered = render_rows(result.variables, result.rows, args.format)
        print(rendered, end="" if rendered.endswith("\n") else "\n")
    elif result.kind == "ask":
        print(json.dumps({"head": {}, "boolean": result.boolean}) if args.format == "json" else result.boolean)
    else:
        assert result.graph is not None
        print(render_graph(result.graph, args.format if args.format in ("jsonld", "nt") else "turtle"))
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("query", help="run a SPARQL query (text or FILE.rq)")
    p.add_argument("query")
    p.add_argument("--format", choices=["table", "json", "csv", "tsv", "turtle", "nt", "jsonld"], default="table")
    p.set_defaults(func=cmd_query)
