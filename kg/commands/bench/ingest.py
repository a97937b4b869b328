"""`kg bench ingest`: time and peak memory of ingesting a corpus into a fresh on-disk store, with the
peak resident memory every 100 articles (memory should follow the pipeline, not the corpus).

`kg bench ingest --one`: the time to ingest one more article into a store holding others (the seed,
the dev folder and `--others` FA-KES records), extraction and incident linking apart, beside the time
of linking the whole store again (`kg relink`)."""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from kg.settings import Config

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
CORPUS = SHARED / "corpus" / "fa-kes" / "articles.jsonl"
SEEDS = Path(__file__).resolve().parents[3] / "seeds"
DEV = SHARED / "gold" / "dev"


def _peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def cmd_bench_ingest(args: argparse.Namespace, config: Config) -> int:
    if args.one:
        return _bench_one(args, config)
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


def _bench_one(args: argparse.Namespace, config: Config) -> int:
    from kg.errors import IngestError
    from kg.ingest import load_paths
    from kg.operations import ingest, relink
    from kg.pipeline import build_pipeline, extract_each
    from kg.rdf.readback import load_incidents
    from kg.rdf.store import OxigraphStore
    from kg.rdf.vocab import Iris

    iris = Iris(config.base)
    records = Path(args.corpus).read_text(encoding="utf-8").splitlines()
    others, one = records[:args.others], records[args.others]
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        (work / "others.jsonl").write_text("\n".join(others) + "\n", encoding="utf-8")
        (work / "one.jsonl").write_text(one + "\n", encoding="utf-8")
        pipeline = build_pipeline(config)
        base = Path(args.base) if args.base else work / "base"
        if not (base / "store").exists():
            paths = [SEEDS, *sorted(DEV.glob("*.txt")), work / "others.jsonl"]
            start = time.perf_counter()
            with OxigraphStore(base / "store") as store:
                built = ingest(load_paths(paths), store, pipeline.extractor, pipeline.resolvers, iris,
                               workers=args.workers, config=config)
            print(f"base store: {built.articles} articles, {built.incidents} incidents "
                  f"in {time.perf_counter() - start:.1f} s")
        shutil.copytree(base / "store", work / "store")
        with OxigraphStore(work / "store") as store:
            held = len(load_incidents(store, iris))
            article = next(iter(load_paths([work / "one.jsonl"])))
            if isinstance(article, IngestError):
                raise SystemExit(f"the article to ingest cannot be read: {article}")
            start = time.perf_counter()
            extract_each([article], pipeline.extractor, pipeline.resolvers)  # extraction alone (warm)
            extraction = time.perf_counter() - start
            start = time.perf_counter()
            report = ingest([article], store, pipeline.extractor, pipeline.resolvers, iris)
            total = time.perf_counter() - start
            linked = report.linked
            linking = linked.seconds if linked else 0.0
            print(f"one article ({json.loads(one)['id']}) into a store of {len(store)} quads, {held} incidents:")
            print(f"  extraction        {extraction:7.2f} s")
            print(f"  ingest            {total:7.2f} s  (extraction, writes and linking)")
            print(f"  linking           {linking:7.2f} s  (incremental: {linked.articles_read if linked else 0} "
                  f"articles read, {linked.incidents_read if linked else 0} incidents replaced, "
                  f"{linked.incidents_written if linked else 0} written, {linked.rounds if linked else 0} rounds)")
            print(f"  beyond extraction {total - extraction:7.2f} s")
            start = time.perf_counter()
            whole = relink(store, iris)
            print(f"  kg relink         {time.perf_counter() - start:7.2f} s  (the whole store: "
                  f"{whole.articles_read} articles, {whole.incidents_written} incidents)")
    return 0


def register(commands: Any) -> None:
    p = commands.add_parser("ingest", help="ingest a corpus into a fresh store: time and memory")
    p.add_argument("--corpus", default=str(CORPUS), help="articles (default: the FA-KES corpus)")
    p.add_argument("--one", action="store_true",
                   help="time one more article into a store holding the seed, dev and --others records")
    p.add_argument("--others", type=int, default=300, help="with --one: records of --corpus in the store")
    p.add_argument("--base", help="with --one: folder keeping the store of the others between runs "
                                  "(built there when absent, copied for each run)")
    p.add_argument("--workers", type=int, default=1, help="with --one: extraction processes building the base")
    p.set_defaults(func=cmd_bench_ingest)
