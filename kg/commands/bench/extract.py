"""`kg bench extract`: articles and characters per second of the whole pipeline (extraction,
resolution, RDF mapping) beside spaCy's bare parsing of the same texts; with `--workers N`, the
same over N processes."""

from __future__ import annotations

import argparse
import time
from functools import partial
from pathlib import Path
from typing import Any

from kg.settings import Config

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / "fa-kes" / "articles.jsonl"


def cmd_bench_extract(args: argparse.Namespace, config: Config) -> int:
    from kg.errors import IngestError
    from kg.extract.bench import Speed, bench_extract, format_bench
    from kg.ingest import load_paths
    from kg.pipeline import build_pipeline, extract_parallel
    from kg.rdf.vocab import Iris
    from kg.rdf.writer import map_article

    articles = [a for a in load_paths([args.corpus]) if not isinstance(a, IngestError)][: args.limit]
    pipeline = build_pipeline(config)
    iris = Iris(config.base)
    to_rdf = None if args.no_rdf else partial(map_article, iris=iris)
    print(f"corpus: {args.corpus} ({len(articles)} articles, {sum(len(a.text) for a in articles)} chars)")
    result = bench_extract(articles, pipeline.extractor, pipeline.resolvers, to_rdf=to_rdf)
    print(format_bench(result))
    if args.workers > 1:
        one = result["pipeline"]
        assert isinstance(one, Speed)
        start = time.perf_counter()
        first: float | None = None
        chars_after_first = 0
        for extraction, _ in extract_parallel(articles, config, args.workers, then=to_rdf):
            # as `kg ingest --workers N`: extraction and RDF in the workers, the store written here
            if first is None:
                first = time.perf_counter()
            else:
                chars_after_first += len(extraction.article.text)
        end = time.perf_counter()
        seconds = end - start
        print(f"{'workers ' + str(args.workers):12} {len(articles):5d} articles {seconds:7.2f} s  "
              f"{len(articles) / seconds:7.1f} articles/s  (process start and model loading included: "
              f"{one.seconds / seconds:.2f}x one process)")
        if first is not None and end > first:
            steady = chars_after_first / (end - first)
            print(f"{'':12} {steady:.0f} chars/s once the first results are back: "
                  f"{steady / one.chars_per_s:.2f}x one process")
    return 0


def register(commands: Any) -> None:
    p = commands.add_parser("extract", help="pipeline throughput beside bare spaCy parsing")
    p.add_argument("--corpus", default=str(CORPUS), help="articles (default: the FA-KES corpus)")
    p.add_argument("--limit", type=int, help="only the first N articles")
    p.add_argument("--no-rdf", action="store_true", help="leave the RDF mapping out of the timed run")
    p.add_argument("--workers", type=int, default=1, help="also time N extraction processes")
    p.set_defaults(func=cmd_bench_extract)
