"""`kg bench extract`: articles and characters per second of the whole pipeline (extraction,
resolution, RDF mapping) beside spaCy's bare parsing of the same texts; with `--workers N`, the
same over N processes."""

from __future__ import annotations

import argparse
import time
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from kg.settings import Config

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / "fa-kes" / "articles.jsonl"


def cmd_bench_extract(args: argparse.Namespace, config: Config) -> int:
    from kg.errors import IngestError
    from kg.extract.bench import bench_extract, format_bench
    from kg.ingest import load_paths
    from kg.pipeline import build_pipeline
    from kg.rdf.vocab import Iris
    from kg.rdf.writer import map_article

    articles = [a for a in load_paths([args.corpus]) if not isinstance(a, IngestError)][: args.limit]
    names = args.extractors.split(",") if args.extractors else [config.extractor]
    configs = [replace(config, extractor=name) for name in names]
    pipelines = [build_pipeline(c) for c in configs]
    iris = Iris(config.base)
    to_rdf = None if args.no_rdf else partial(map_article, iris=iris)
    print(f"corpus: {args.corpus} ({len(articles)} articles, {sum(len(a.text) for a in articles)} chars)")
    result = bench_extract(articles, [p.extractor for p in pipelines], pipelines[0].resolvers, to_rdf=to_rdf)
    print(format_bench(result))
    if args.workers > 1:
        for name, one_config in zip(names, configs, strict=True):
            _bench_workers(articles, one_config, args.workers, result["pipelines"][name]["speed"], to_rdf)
    return 0


def _bench_workers(articles: list[Any], config: Config, workers: int, one: Any, to_rdf: Any) -> None:
    """As `kg ingest --workers N`: extraction and RDF in the workers, results gathered here."""
    from kg.errors import IngestError
    from kg.pipeline import extract_parallel

    start = time.perf_counter()
    first: float | None = None
    chars_after_first = 0
    failed = 0
    for result in extract_parallel(articles, config, workers, then=to_rdf):
        # as `kg ingest --workers N`: extraction and RDF in the workers, the store written here
        if isinstance(result, IngestError):
            failed += 1
            continue
        if first is None:
            first = time.perf_counter()
        else:
            chars_after_first += len(result[0].article.text)
    end = time.perf_counter()
    seconds = end - start
    print(f"{config.extractor + ' x' + str(workers):12} {len(articles):5d} articles {seconds:7.2f} s  "
          f"{len(articles) / seconds:7.1f} articles/s  (process start and model loading included: "
          f"{one.seconds / seconds:.2f}x one process)")
    if first is not None and end > first:
        steady = chars_after_first / (end - first)
        print(f"{'':12} {steady:.0f} chars/s once the first results are back: "
              f"{steady / one.chars_per_s:.2f}x one process")


def register(commands: Any) -> None:
    p = commands.add_parser("extract", help="pipeline throughput beside bare spaCy parsing")
    p.add_argument("--corpus", default=str(CORPUS), help="articles (default: the FA-KES corpus)")
    p.add_argument("--limit", type=int, help="only the first N articles")
    p.add_argument("--no-rdf", action="store_true", help="leave the RDF mapping out of the timed run")
    p.add_argument("--workers", type=int, default=1, help="also time N extraction processes")
    p.add_argument("--extractors", help="comma-separated extractors to time (default: the configured one), "
                   "e.g. rules,neural")
    p.set_defaults(func=cmd_bench_extract)
