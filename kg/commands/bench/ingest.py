"""`kg bench ingest`: the stages of an ingest of `--limit` records (200) apart: extraction (with the RDF
mapping, as ingest runs it) in one process and in `--workers` processes (and on a Dask cluster with
`--scheduler`), then writing those extractions into a fresh on-disk store with the bulk loader and
with one transaction per article, in triples per second (nothing else running meanwhile).

`kg bench ingest --memory`: time and peak memory of ingesting a corpus into a fresh on-disk store, with
the peak resident memory every 100 articles (memory should follow the pipeline, not the corpus).

`kg bench ingest --one`: the time to ingest one more article into a store holding others (the seed,
the dev folder and `--others` FA-KES records), extraction and incident linking apart, beside the time
of linking the whole store again (`kg relink`), and of `POST /articles` with the same article into another
copy of the store (`kg serve` in its own process)."""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import tempfile
import time
from collections.abc import Iterable
from functools import partial
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
    if args.memory:
        return _bench_memory(args, config)
    return _bench_stages(args, config)


def _bench_stages(args: argparse.Namespace, config: Config) -> int:
    from kg.errors import IngestError
    from kg.ingest import load_paths
    from kg.pipeline import BATCH, build_pipeline, dask_client, extract_each, extract_on_cluster, extract_parallel
    from kg.rdf.vocab import Iris
    from kg.rdf.writer import map_article

    iris = Iris(config.base)
    then = partial(map_article, iris=iris)
    articles = [a for a in load_paths([args.corpus]) if not isinstance(a, IngestError)][:args.limit]
    print(f"{len(articles)} articles of {args.corpus}, extractor {config.extractor}")
    start = time.perf_counter()
    pipeline = build_pipeline(config)
    print(f"pipeline built in {time.perf_counter() - start:.1f} s (not counted below)")
    start = time.perf_counter()
    for batch in range(0, len(articles), BATCH):
        extract_each(articles[batch:batch + BATCH], pipeline.extractor, pipeline.resolvers, then)
    rate = len(articles) / (time.perf_counter() - start)
    print(f"extraction in this process, pipeline built: {rate:7.1f} articles/s")
    pairs: list[Any] = []
    one = _time_extraction("1 process", extract_parallel(articles, config, 1, then=then), 1, into=pairs)
    if args.workers > 1:
        _time_extraction(f"{args.workers} processes", extract_parallel(articles, config, args.workers, then=then),
                         args.workers, one)
    if args.scheduler:
        with dask_client(args.scheduler, args.workers) as client:
            workers = len(client.nthreads())
            _time_extraction(f"Dask {args.scheduler} ({workers} workers)",
                             extract_on_cluster(articles, config, client, then=then), workers, one)
    extractions = [pair for pair in pairs if not isinstance(pair, IngestError)]
    stores = {bulk: _time_writing(extractions, pipeline.extractor, iris, bulk) for bulk in (True, False)}
    if stores[True] != stores[False]:
        print(f"the two stores differ: {stores[True]} quads with the bulk loader, {stores[False]} without")
        return 1
    return 0


def _time_extraction(name: str, results: Iterable[object], workers: int, one: tuple[float, float] | None = None,
                     into: list[Any] | None = None) -> tuple[float, float]:
    """Articles per second of a stream of extractions in batches of `BATCH`: over the whole run
    (workers started and models loaded in it), and after the first `workers` batches are back (about
    when every worker is up; a little high, as the next batches had begun by then). Beside `one`
    (those two rates for one process), the speed-ups. The results are kept in `into` when given."""
    from kg.pipeline import BATCH

    start = time.perf_counter()
    arrivals: list[float] = []  # when each article came back
    for result in results:
        arrivals.append(time.perf_counter())
        if into is not None:
            into.append(result)
    end = time.perf_counter()
    whole = len(arrivals) / (end - start)
    up = min(workers * BATCH, len(arrivals)) - 1  # the last article of the first `workers` batches
    steady = (len(arrivals) - up - 1) / (end - arrivals[up]) if up >= 0 and end > arrivals[up] else 0.0
    line = (f"extraction, {name}: {whole:7.1f} articles/s with start-up and model loading, {steady:7.1f} "
            "once every worker is up")
    if one:
        line += f" ({whole / one[0]:.2f}x and {steady / one[1]:.2f}x one process)" if one[1] else ""
    print(line)
    return whole, steady


def _time_writing(extractions: list[Any], extractor: Any, iris: Any, bulk: bool) -> int:
    """Write extractions into a fresh on-disk store as an ingest writes them, with the bulk loader or one
    transaction per article; print the triples per second (with the bulk loader, beside Oxigraph's bulk
    loader alone on the same quads: the limit); return the quads in the store."""
    from kg import __version__
    from kg.rdf.store import OxigraphStore
    from kg.rdf.writer import BulkLoader, Provenance, save_agents, save_extraction, save_places

    provenance = Provenance(__version__, extractor.name, extractor.version)
    with tempfile.TemporaryDirectory() as folder:
        store = OxigraphStore(Path(folder) / "store")
        target = BulkLoader(store, iris, fresh=True) if bulk else store
        triples = 0
        start = time.perf_counter()
        for extraction, mapped in extractions:
            save_agents(target, extraction.agents.values(), iris)
            save_places(target, extraction.places.values(), iris)
            save_extraction(target, extraction, iris, provenance, mapped)
            triples += mapped.ntriples.count("\n")
        if isinstance(target, BulkLoader):
            target.flush()
        store.flush()
        seconds = time.perf_counter() - start
        quads = len(store)
        limit = _bulk_load_alone(store, Path(folder) / "again") if bulk else None
        store.close()
    print(f"writing, {'bulk loader ' if bulk else 'transactions'}: {triples / seconds:9,.0f} article triples/s, "
          f"{quads / seconds:9,.0f} quads/s ({len(extractions)} articles: {triples:,} article triples, {quads:,} quads "
          f"with registries and provenance, in {seconds:.2f} s)")
    if limit:
        print(f"writing, Oxigraph's bulk loader alone, the same quads as N-Quads into another fresh store: "
              f"{quads / limit:9,.0f} quads/s, in {limit:.2f} s (the limit of the engine on this machine)")
    return quads


def _bulk_load_alone(store: Any, folder: Path) -> float:
    """Seconds for pyoxigraph's bulk loader to load the quads of `store` (dumped as N-Quads, not timed)
    into a fresh on-disk store at `folder`, flushed."""
    import pyoxigraph as ox

    nquads = store.disk.dump(format=ox.RdfFormat.N_QUADS)
    again = ox.Store(str(folder))
    start = time.perf_counter()
    again.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
    again.flush()
    seconds = time.perf_counter() - start
    del again
    return seconds


def _bench_memory(args: argparse.Namespace, config: Config) -> int:
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
        seconds = report.seconds
        print(f"{report.articles} articles, {report.claims} claims, {report.incidents} incidents, "
              f"{len(store)} quads in {time.perf_counter() - start:.1f} s (extraction {seconds.extraction:.1f}, "
              f"writing {seconds.writing:.1f} {'in bulk' if report.bulk else 'in transactions'}, linking "
              f"{seconds.linking:.1f}); peak RSS {_peak_mb()} MB (incident re-linking over the whole store included)")
    return 0


def _bench_one(args: argparse.Namespace, config: Config) -> int:
    import httpx

    from kg.commands.bench.api import serving
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
            extract_each([article], pipeline.extractor, pipeline.resolvers)  # the models' first use, untimed
            start = time.perf_counter()
            extract_each([article], pipeline.extractor, pipeline.resolvers)  # extraction alone, warm
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
        # the same article by POST /articles into another copy of the store, `kg serve` in its own process
        shutil.copytree(base / "store", work / "served")
        with serving(str(work / "served"), config, {"KG_API_TOKEN": "bench"}) as (url, _):
            headers = {"Authorization": "Bearer bench"}
            # an article stored already (nothing written): the server loads its extraction pipeline
            httpx.post(url + "/articles", json=[json.loads(others[0])], headers=headers, timeout=600)
            start = time.perf_counter()
            answer = httpx.post(url + "/articles", json=[json.loads(one)], headers=headers, timeout=600)
            posted = time.perf_counter() - start
            # the same again, stored now: the server extracts it, finds it unchanged and answers, nothing more
            start = time.perf_counter()
            httpx.post(url + "/articles", json=[json.loads(one)], headers=headers, timeout=600)
            again = time.perf_counter() - start
        print(f"  POST /articles    {posted:7.2f} s  (answered {answer.status_code}; "
              f"beyond extraction {posted - extraction:.2f} s)")
        print(f"  the same again    {again:7.2f} s  (unchanged: the server's extraction and answer; "
              f"the first POST beyond them {posted - again:.2f} s)")
    return 0


def register(commands: Any) -> None:
    p = commands.add_parser("ingest", help="ingest into a fresh store: extraction and writing apart, time and memory")
    p.add_argument("--corpus", default=str(CORPUS), help="articles (default: the FA-KES corpus)")
    p.add_argument("--limit", type=int, default=200, help="records of --corpus timed (default 200; not with --memory)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="also time extraction on a Dask cluster ('local': a LocalCluster of --workers processes)")
    p.add_argument("--memory", action="store_true",
                   help="the whole corpus into a fresh store, with the peak memory every 100 articles")
    p.add_argument("--one", action="store_true",
                   help="time one more article into a store holding the seed, dev and --others records")
    p.add_argument("--others", type=int, default=300, help="with --one: records of --corpus in the store")
    p.add_argument("--base", help="with --one: folder keeping the store of the others between runs "
                                  "(built there when absent, copied for each run)")
    p.add_argument("--workers", type=int, default=2,
                   help="extraction processes timed beside one, and used by the ingests (default 2)")
    p.set_defaults(func=cmd_bench_ingest)
