"""`kg ingest`: articles into the store, with a progress bar and a summary."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from kg.pipeline import build_pipeline
from kg.settings import Config


def cmd_ingest(args: argparse.Namespace, config: Config) -> int:
    """Ingest files, folders and JSONL into the store; print a summary and every error."""
    from tqdm import tqdm

    from kg.ingest import load_paths
    from kg.operations import ingest
    from kg.rdf.readback import load_places
    from kg.rdf.store import open_store
    from kg.rdf.vocab import Iris

    columns = dict(pair.split("=", 1) for pair in args.column or [])
    iris = Iris(config.base)
    with open_store(config) as store, tqdm(unit=" articles", disable=args.quiet, file=sys.stderr) as bar:
        pipeline = build_pipeline(config, load_places(store, iris, imported_only=True).values())
        report = ingest(load_paths(args.paths, columns), store, pipeline.extractor, pipeline.resolvers, iris,
                        on_article=lambda _: bar.update(), workers=args.workers, config=config,
                        replace=args.replace)
    for error in report.errors:
        print(f"error: {error}", file=sys.stderr)
    for conflict in report.conflicts:
        print(f"conflict: {conflict}", file=sys.stderr)
    print(f"{report.articles} articles ({report.changed} new or changed, {report.replaced} replaced), "
          f"{report.claims} claims, {report.incidents} incidents, {len(report.conflicts)} conflicts, "
          f"{len(report.errors)} errors")
    return 1 if report.errors or report.conflicts else 0


def register(sub: Any) -> None:
    p = sub.add_parser("ingest", help="ingest articles into the store")
    p.add_argument("paths", nargs="+", help="files (.txt .md .json .jsonl .csv .html) or folders")
    p.add_argument("--column", action="append", metavar="FIELD=COLUMN",
                   help="CSV column mapping, e.g. --column text=article_content (repeatable)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--replace", action="store_true",
                   help="replace stored articles whose id comes again with another text (else: a conflict, skipped)")
    p.add_argument("--workers", type=int, default=1, help="extraction processes (default 1)")
    p.set_defaults(func=cmd_ingest)
