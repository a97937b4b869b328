"""`kg bench ingest`: time and peak memory of ingesting a corpus into a fresh on-disk store, with the
peak resident memory every 100 articles (memory should follow the pipeline, not the corpus)."""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

from kg.settings import Config

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / "fa-kes" / "articles.jsonl"


def _peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def cmd_bench_ingest(args: argparse.Namespace, config: Config) -> int:
    from kg.ingest import load_paths
    from kg.operations import ingest
    from kg.pipeline import build_pipeline
    from kg.rdf.store import OxigraphStore
    from kg.rdf.vocab import Iris

    pipeline = build_pipeline(config)
    seen = [0]

    def tick(_: object) -> None:
        seen[0] += 1
        if seen[0] % 100 == 0:
            print(f"{seen[0]:6d} articles  {time.perf_counter() - start:7.1f} s  peak RSS {_peak_mb()} MB")

    with tempfile.TemporaryDirectory() as folder, OxigraphStore(Path(folder) / "store") as store:
        start = time.perf_counter()
        report = ingest(load_paths([args.corpus]), store, pipeline.extractor, pipeline.resolvers,
                        Iris(config.base), on_article=tick)
        print(f"{report.articles} articles, {report.claims} claims, {report.incidents} incidents, "
              f"{len(store)} quads in {time.perf_counter() - start:.1f} s; peak RSS {_peak_mb()} MB "
              "(incident re-linking over the whole store included)")
    return 0


def register(commands: Any) -> None:
    p = commands.add_parser("ingest", help="ingest a corpus into a fresh store: time and memory")
    p.add_argument("--corpus", default=str(CORPUS), help="articles (default: the FA-KES corpus)")
    p.set_defaults(func=cmd_bench_ingest)
