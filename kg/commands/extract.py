"""`kg extract`: the whole pipeline in memory over the given articles, claims printed."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from kg.errors import IngestError
from kg.pipeline import build_pipeline
from kg.settings import Config


def cmd_extract(args: argparse.Namespace, config: Config) -> int:
    """Run the whole pipeline over the given articles in memory and print their claims."""
    from kg.ingest import load_paths
    from kg.pipeline import extract_and_link
    from kg.report import claim_record

    articles, errors = [], 0
    for item in load_paths(args.paths):
        if isinstance(item, IngestError):
            print(f"error: {item}", file=sys.stderr)
            errors += 1
        else:
            articles.append(item)
    pipeline = build_pipeline(config)
    extractor, resolvers = pipeline.extractor, pipeline.resolvers
    extractions, _ = extract_and_link(articles, extractor, resolvers)
    for extraction in extractions:
        for claim in extraction.claims:
            record = claim_record(extraction, claim)
            if args.format == "jsonl":
                print(json.dumps(record, ensure_ascii=False))
            else:
                chain = " <- ".join([record["source"], *record["via"]])
                print(f"{record['article']}\t{chain}\t{record['cue'] or '-'}\t{record['text']}")
    return 1 if errors and not articles else 0


def register(sub: Any) -> None:
    p = sub.add_parser("extract", help="run the pipeline in memory and print the claims")
    p.add_argument("paths", nargs="+")
    p.add_argument("--format", choices=["jsonl", "text"], default="text")
    p.set_defaults(func=cmd_extract)
