"""`kg ingest`: articles into the store, with a progress bar and a summary."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from kg.pipeline import build_pipeline
from kg.settings import Config


def cmd_ingest(args: argparse.Namespace, config: Config) -> int:
    """Ingest files, folders and JSONL into the store; print a summary and every error."""
    from tqdm import tqdm

    from kg.ingest import load_paths
    from kg.operations import ingest
    from kg.pipeline import dask_client
    from kg.rdf.readback import load_places
    from kg.rdf.store import open_store
    from kg.rdf.vocab import Iris

    columns = dict(pair.split("=", 1) for pair in args.column or [])
    iris = Iris(config.base)
    cluster = dask_client(args.scheduler, args.workers) if args.scheduler else nullcontext()
    with open_store(config) as store, cluster as client, tqdm(
            total=None if args.quiet else count_records(args.paths), unit=" articles", disable=args.quiet,
            file=sys.stderr) as bar:
        pipeline = build_pipeline(config, load_places(store, iris, imported_only=True).values())
        report = ingest(load_paths(args.paths, columns), store, pipeline.extractor, pipeline.resolvers, iris,
                        on_article=lambda _: bar.update(), workers=args.workers, config=config,
                        replace=args.replace, bulk=args.bulk, cluster=client)
        bar.update(len(report.errors) + len(report.conflicts))  # records read but not stored
        quads = len(store)
    for error in report.errors:
        print(f"error: {error}", file=sys.stderr)
    for conflict in report.conflicts:
        print(f"conflict: {conflict}", file=sys.stderr)
    seconds = report.seconds
    print(f"{report.articles} articles ({report.changed} new or changed, {report.replaced} replaced), "
          f"{report.claims} claims, {report.incidents} incidents, {quads} quads, {len(report.conflicts)} conflicts, "
          f"{len(report.errors)} errors; seconds: extraction {seconds.extraction:.1f}, "
          f"writing {seconds.writing:.1f} ({'bulk' if report.bulk else 'transactions'}), "
          f"linking {seconds.linking:.1f}")
    return 1 if report.errors or report.conflicts else 0


def count_records(paths: Iterable[str | Path]) -> int | None:
    """How many records the paths hold, when that is cheap to know (a JSONL file's non-blank lines,
    one article per text or HTML file): the progress bar's total, for its rate and time left; None
    when a JSON or CSV file is among them (only parsing them counts their records)."""
    from kg.ingest import SUFFIXES

    total = 0
    for path in map(Path, paths):
        files = [path] if path.is_file() else sorted(
            p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
            and not p.name.endswith(".gold.jsonl"))  # as load_paths walks a folder (none for a missing path)
        for file in files:
            suffix = file.suffix.lower()
            if suffix in (".json", ".csv"):
                return None
            if suffix == ".jsonl":
                with file.open("rb") as lines:
                    total += sum(1 for line in lines if line.strip())
            elif suffix in SUFFIXES:
                total += 1
    return total


def register(sub: Any) -> None:
    p = sub.add_parser("ingest", help="ingest articles into the store")
    p.add_argument("paths", nargs="+", help="files (.txt .md .json .jsonl .csv .html) or folders")
    p.add_argument("--column", action="append", metavar="FIELD=COLUMN",
                   help="CSV column mapping, e.g. --column text=article_content (repeatable)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--replace", action="store_true",
                   help="replace stored articles whose id comes again with another text (else: a conflict, skipped)")
    p.add_argument("--workers", type=int, default=1,
                   help="extraction processes (default 1); with --scheduler local, the Dask workers")
    p.add_argument("--bulk", action=argparse.BooleanOptionalAction, default=None,
                   help="load new article graphs in batches with Oxigraph's bulk loader (default: when the "
                        "embedded store holds no article yet); --no-bulk: one transaction per article")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="extract on a Dask cluster: its scheduler (tcp://host:8786), or 'local' for a "
                        "LocalCluster of --workers processes (needs the dask extra)")
    p.set_defaults(func=cmd_ingest)
