"""`kg extract`: the whole pipeline in memory over the given articles, claims printed."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from kg.pipeline import build_pipeline
from kg.settings import Config


def cmd_extract(args: argparse.Namespace, config: Config) -> int:
    """Run the whole pipeline (extraction, resolution, RDF, incident linking) over the given articles
    together, in a temporary in-memory store, and print their claims."""
    from kg.ingest import load_paths
    from kg.operations import extract_in_memory
    from kg.rdf.vocab import Iris
    from kg.report import records

    pipeline = build_pipeline(config)
    report, incidents = extract_in_memory(load_paths(args.paths), pipeline.extractor, pipeline.resolvers,
                                          Iris(config.base))
    for error in report.errors:
        print(f"error: {error}", file=sys.stderr)
    for record in records(report.extractions, incidents):
        if args.attributed and record["cue"] is None:
            continue
        if args.format == "jsonl":
            print(json.dumps(record, ensure_ascii=False))
        else:
            chain = " <- ".join([record["source"], *record["via"]])
            print(f"{record['article']}\t{chain}\t{record['cue'] or '-'}\t{record['text']}")
    return 1 if report.errors and not report.articles else 0


def register(sub: Any) -> None:
    p = sub.add_parser("extract", help="run the pipeline in memory and print the claims")
    p.add_argument("paths", nargs="+")
    p.add_argument("--format", choices=["jsonl", "text"], default="text")
    p.add_argument("--attributed", action="store_true",
                   help="only claims a cue attributes to someone (no statements in the outlet's own voice)")
    p.set_defaults(func=cmd_extract)
