"""`kg bench scale`: how ingest, the store and the queries grow with the corpus, on synthetic corpora of
`--articles` sizes (`kg synth`, deterministic by `--seed`), each into a fresh on-disk store.

Per size: the ingest with its stages apart (extraction, loading, incident linking) in articles/s and
triples/s, the store's bytes on disk, the peak memory of the ingest and of `kg serve` on the store,
and p50/p95 of two REST routes and three SPARQL queries, over HTTP beside pyoxigraph called directly
(the limit) and, up to `--rdflib-max` articles, rdflib's in-memory engine (what users would otherwise use).

Sizes above `--gold-above` skip extraction: the generator's gold claims are loaded as the claims
(`kg.resolve.goldclaims`), resolved, written and linked as an ingest does; the output says so. A size
that cannot be done (time, memory, disk) is said so, with why, and the next one is tried.

A benchmark that prints figures, not a timed test.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.commands.bench.api import PREFIXES, percentiles, post_sparql, timed, timed_in_turns
from kg.pipeline import BATCH
from kg.settings import Config

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from kg.model import Article, Claim
    from kg.rdf.store import OxigraphStore

SERVE_TIMEOUT = 600.0  # seconds a query of the benchmark's server may run (KG_QUERY_TIMEOUT at least this)
RANDOM_INCIDENTS = 5
MB = 1024 * 1024
NA = "n/a"


# --- the three SPARQL queries -------------------------------------------------------------------

def sparql_queries(claim: str) -> dict[str, str]:
    """An aggregate over every claim, a selective lookup of one claim (IRI `claim`), a two-hop chain."""
    return {
        "aggregate: claims by outlet": PREFIXES + """SELECT ?outlet (COUNT(?claim) AS ?claims) WHERE {
  ?article a schema:NewsArticle ; schema:publisher/skos:prefLabel ?outlet ; cg:hasClaim ?claim }
GROUP BY ?outlet ORDER BY DESC(?claims)""",
        "lookup: one claim's source, text": PREFIXES + f"""SELECT ?source ?label ?text WHERE {{
  <{claim}> schema:text ?text ; prov:wasAttributedTo ?source . OPTIONAL {{ ?source skos:prefLabel ?label }} }}""",
        "chain: claim -> via -> label": PREFIXES + """SELECT ?claim ?via ?label WHERE {
  ?claim cg:via ?via . ?via skos:prefLabel ?label }""",
    }


# --- gold claims as the claims (sizes above --gold-above) -------------------------------------

class GoldClaims:
    """An extractor that gives each article the generator's gold claims (`pending`, by article id, filled
    by `gold_articles` as it makes the articles) instead of finding claims in the text."""

    name = "synth-gold"
    version = "1"

    def __init__(self) -> None:
        self.pending: dict[str, list[Claim]] = {}

    def __call__(self, article: Article) -> list[Claim]:
        return self.pending.pop(article.id)

    def pipe(self, articles: Iterable[Article], *, batch_size: int = 32) -> Iterator[tuple[Article, list[Claim]]]:
        for article in articles:
            yield article, self.pending.pop(article.id)


def gold_articles(count: int, seed: int, pending: dict[str, list[Claim]]) -> Iterator[Any]:
    """The `count` articles `kg synth --seed` makes, read as `kg ingest` reads their JSONL records, their
    gold claims put in `pending` (as `kg.resolve.goldclaims` reads a gold folder), one article at a time."""
    from kg.errors import IngestError
    from kg.ingest.loaders import article_from_record
    from kg.resolve.goldclaims import claim_from_gold
    from kg.synth.generate import generate
    from kg.synth.output import article_record, gold_record
    from kg.synth.vocabulary import load_vocabulary

    for synth in generate(count, seed, load_vocabulary()):
        try:
            article = article_from_record(article_record(synth), f"synth seed {seed}: {synth.id}")
        except IngestError as exc:
            yield exc
            continue
        claims: list[Claim] = []
        for number, gold in enumerate(synth.claims, start=1):
            cursor = claims[-1].span.start if claims else 0
            claims.append(claim_from_gold(gold_record(synth.id, number, gold), article.text, cursor))
        pending[article.id] = claims
        yield article


# --- the ingest of one size, in a process of its own (its peak memory is the ingest's alone) -----

@dataclass(frozen=True, slots=True)
class IngestJob:
    store: str
    corpus: str | None  # the JSONL to ingest; None: the generator's articles with their gold claims
    articles: int
    seed: int
    workers: int
    config: Config


@dataclass(slots=True)
class Ingested:
    """What an ingest did and took."""

    articles: int
    claims: int
    incidents: int
    quads: int
    triples: int  # of the article graphs (their provenance apart)
    errors: int
    bulk: bool
    setup: float  # seconds to build the pipeline (or the resolvers), before the ingest
    extraction: float
    writing: float
    linking: float
    startup: float  # seconds until the first article was written (workers started, models loaded)
    writer_mb: float  # peak RSS of the process that reads, writes and links
    worker_mb: float  # peak RSS of the largest extraction worker (0: none)


def _ingest_child(connection: Connection, job: IngestJob) -> None:
    try:
        connection.send(_ingest(job))
    except BaseException as exc:  # noqa: BLE001 - whatever ends the ingest is the size's reason
        connection.send(f"{type(exc).__name__}: {exc}")
    finally:
        connection.close()


def _ingest(job: IngestJob) -> Ingested:
    from kg.ingest import load_paths
    from kg.operations import ingest
    from kg.pipeline import Resolvers, build_pipeline
    from kg.rdf.store import OxigraphStore
    from kg.rdf.vocab import Iris

    iris = Iris(job.config.base)
    started = time.perf_counter()
    first: list[float] = []

    def written(_: object) -> None:
        if not first:
            first.append(time.perf_counter())

    with OxigraphStore(job.store) as store:
        if job.corpus is None:
            from kg.resolve.agents import load_registry
            from kg.resolve.places import load_gazetteer

            gold = GoldClaims()
            resolvers = Resolvers(agents=load_registry(), places=load_gazetteer())
            setup = time.perf_counter() - started
            began = time.perf_counter()
            report = ingest(gold_articles(job.articles, job.seed, gold.pending), store, gold, resolvers, iris,
                            on_article=written, bulk=None)
        else:
            pipeline = build_pipeline(job.config)
            setup = time.perf_counter() - started
            began = time.perf_counter()
            report = ingest(load_paths([job.corpus]), store, pipeline.extractor, pipeline.resolvers, iris,
                            on_article=written, workers=job.workers, config=job.config, bulk=None)
        quads = len(store)
    seconds = report.seconds
    return Ingested(
        articles=report.articles, claims=report.claims, incidents=report.incidents, quads=quads,
        triples=report.triples, errors=len(report.errors) + len(report.conflicts), bulk=report.bulk, setup=setup,
        extraction=seconds.extraction, writing=seconds.writing, linking=seconds.linking,
        startup=(first[0] - began) if first else 0.0,
        writer_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        worker_mb=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)


class NotDone(Exception):
    """A size that could not be done, and why."""


def run_ingest(job: IngestJob, max_seconds: float | None) -> Ingested:
    """`_ingest` in a process of its own (spawned: a fresh interpreter), stopped past `max_seconds`."""
    import multiprocessing
    import signal

    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe(duplex=False)
    process = context.Process(target=_ingest_child, args=(theirs, job), name="kg bench scale ingest")
    process.start()
    theirs.close()
    try:
        if not ours.poll(max_seconds):  # only when there is a limit: without, poll waits for the answer
            process.kill()
            raise NotDone(f"the ingest was still running after {(max_seconds or 0) / 60:g} min (--max-minutes): "
                          "stopped")
        try:
            answer: Ingested | str = ours.recv()
        except EOFError:
            process.join()
            code = process.exitcode or 0
            if code < 0:
                name = signal.Signals(-code).name
                why = " (killed: out of memory?)" if -code == signal.SIGKILL else ""
                raise NotDone(f"the ingest process ended with {name}{why}") from None
            raise NotDone(f"the ingest process ended with exit code {code}") from None
    finally:
        ours.close()
        process.join(30)
        if process.is_alive():
            process.kill()
            process.join()
    if isinstance(answer, str):
        raise NotDone(f"the ingest failed: {answer}")
    return answer


# --- measures -----------------------------------------------------------------------------------

Pair = tuple[float, float]  # p50, p95 in ms


@dataclass(slots=True)
class Latency:
    """One request or query: p50/p95 over HTTP, directly on pyoxigraph, on rdflib (None: not measured)."""

    label: str
    http: Pair | None = None
    direct: Pair | None = None
    rdflib: Pair | None = None
    rows: int | None = None
    note: str = ""


@dataclass(slots=True)
class Served:
    up: float  # seconds until /health answered
    first: float  # seconds of the first read (the replica loads the store's copy)
    memory_copy: bool
    server_mb: float
    children: list[float]  # peak RSS of each process under the server (replica, query processes, helpers)


@dataclass(slots=True)
class SizeResult:
    articles: int
    gold: bool
    generated: float | None = None  # seconds to write the corpus (extracted sizes)
    corpus_bytes: int | None = None
    ingested: Ingested | None = None
    store_bytes: int | None = None
    served: Served | None = None
    latencies: list[Latency] = field(default_factory=list)
    rdflib_load: tuple[float, float] | None = None  # seconds to copy the quads into rdflib, MB it took
    notes: list[str] = field(default_factory=list)
    not_done: str | None = None


def folder_bytes(path: Path) -> int:
    return sum(entry.stat().st_size for entry in path.rglob("*") if entry.is_file())


def _status_kb(pid: int, key: str) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _descendants(pid: int) -> list[int]:
    """The processes under `pid` (children, theirs, ...), from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                # the parent pid is the field after the command, which is in parentheses and may hold spaces
                ppid = int((entry / "stat").read_text().rpartition(")")[2].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _rss_mb() -> float:
    return (_status_kb(os.getpid(), "VmRSS") or 0) / 1024


def _available_mb() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) / 1024
    return float("inf")


@dataclass(frozen=True, slots=True)
class Targets:
    """What the requests and queries ask for, chosen from the store."""

    largest: str  # the incident with the most claims
    largest_claims: int
    incidents: list[str]  # a few at random
    source: str  # the source with the most claims
    source_claims: int
    claim: str  # IRI of one claim, at random


def find_targets(store: OxigraphStore, config: Config, rng: random.Random) -> Targets:
    from kg.rdf.vocab import Iris
    from kg.views import IncidentFilters, Page, list_incidents, list_sources

    iris = Iris(config.base)
    top = list_incidents(store, iris, IncidentFilters(sort="-claims"), Page(1, 0))
    if not top["items"]:
        raise NotDone("no incidents in the store")
    largest = top["items"][0]
    picks = sorted(rng.sample(range(top["total"]), min(RANDOM_INCIDENTS, top["total"])))
    incidents = [list_incidents(store, iris, IncidentFilters(sort="id"), Page(1, k))["items"][0]["id"] for k in picks]
    sources = list_sources(store, iris, Page(1, 0))["items"]
    if not sources:
        raise NotDone("no sources in the store")
    claims = store.select(PREFIXES + "SELECT (COUNT(?c) AS ?n) WHERE { ?c a cg:Claim }")
    count = int(str(claims[0]["n"])) if claims else 0
    if not count:
        raise NotDone("no claims in the store")
    claim = store.select(PREFIXES + f"SELECT ?c WHERE {{ ?c a cg:Claim }} LIMIT 1 OFFSET {rng.randrange(count)}")
    return Targets(largest["id"], int(largest["claims"]), incidents, sources[0]["id"], int(sources[0]["claims"]),
                   str(claim[0]["c"]))


def measure(result: SizeResult, path: Path, config: Config, runs: int, rdflib_runs: int, rdflib_max: int,
            rng: random.Random, rdflib_mb_per_quad: float | None) -> None:
    """Serve the store and time the routes and queries over HTTP beside pyoxigraph (and rdflib)."""
    import gc
    import http.client

    import httpx
    import pyoxigraph as ox

    from kg.commands.bench.api import _solutions, serving
    from kg.rdf.store import OxigraphStore
    from kg.rdf.vocab import Iris
    from kg.views import ClaimFilters, Page, incident_claims, list_claims
    from kg.views.scope import Filters

    iris = Iris(config.base)
    # pyoxigraph direct reads through the engine the server reads through: the in-memory copy when it has one
    store = OxigraphStore(path, read_only=True, memory_copy_max_quads=config.memory_copy_max_quads)
    try:
        targets = find_targets(store, config, rng)
        queries = sparql_queries(targets.claim)
        served_config = replace(config, query_cache_rows=0, max_rows=0,
                                query_timeout=max(config.query_timeout, SERVE_TIMEOUT))
        started = time.perf_counter()
        with serving(str(path), served_config) as (base, process), \
                httpx.Client(base_url=base, timeout=served_config.query_timeout + 30) as client:
            up = time.perf_counter() - started

            def route(url: str, params: dict[str, Any] | None = None) -> Callable[[], None]:
                def call() -> None:
                    client.get(url, params={**(params or {}), "format": "json"}).raise_for_status()
                return call

            started = time.perf_counter()
            try:
                route("/incidents", {"limit": 1})()
            except httpx.HTTPError as exc:
                raise NotDone(f"kg serve did not answer: {exc}") from None
            first = time.perf_counter() - started

            def view_claims(incident: str) -> Callable[[], object]:
                return lambda: len(json.dumps(incident_claims(store, iris, incident)))

            def pair(label: str, calls: list[tuple[Callable[[], object], Callable[[], object]]],
                     rows: Callable[[], int] | None = None) -> None:
                """Each (over HTTP, direct) pair of calls timed `runs` times in turns, the samples pooled;
                a failure is kept as the row's note and the others go on."""
                remote: list[float] = []
                local: list[float] = []
                try:
                    for over_http, direct in calls:
                        one, other = timed_in_turns(over_http, direct, runs, warmup=1 if len(calls) > 1 else 2)
                        remote += one
                        local += other
                    result.latencies.append(Latency(label, percentiles(remote), percentiles(local),
                                                    rows=rows() if rows else None))
                except Exception as exc:  # noqa: BLE001 - said in the output, the other measures go on
                    result.latencies.append(Latency(label, note=f"failed: {type(exc).__name__}: {exc}"[:200]))

            pair(f"GET /incidents/{{id}}/claims, the largest ({targets.largest_claims} claims)",
                 [(route(f"/incidents/{targets.largest}/claims"), view_claims(targets.largest))])
            pair(f"GET /incidents/{{id}}/claims, {len(targets.incidents)} at random",
                 [(route(f"/incidents/{incident}/claims"), view_claims(incident)) for incident in targets.incidents])
            source_page = ClaimFilters(Filters(source=targets.source))
            pair(f"GET /claims?source={targets.source} ({targets.source_claims:,} claims, first page)",
                 [(route("/claims", {"source": targets.source}),
                   lambda: len(json.dumps(list_claims(store, iris, source_page, Page()))))])

            # SPARQL over the standard library's HTTP client on one kept-alive connection, as `kg bench api`
            host, port = base.removeprefix("http://").split(":")
            connection = http.client.HTTPConnection(host, int(port), timeout=served_config.query_timeout + 30)
            for label, query in queries.items():
                def post(q: str = query, name: str = label) -> None:
                    post_sparql(connection, q, name)

                def direct(q: str = query) -> None:
                    solutions = store.inner.query(q, use_default_graph_as_union=True)
                    assert isinstance(solutions, ox.QuerySolutions)
                    solutions.serialize(format=ox.QueryResultsFormat.JSON)
                def rows(q: str = query) -> int:
                    return _solutions(store, q)
                pair(f"SPARQL {label}", [(post, direct)], rows)
            connection.close()
            server_kb = _status_kb(process.pid, "VmHWM") or 0
            children = [kb / 1024 for pid in _descendants(process.pid) if (kb := _status_kb(pid, "VmHWM"))]
        result.served = Served(up, first, store.in_memory_copy, server_kb / 1024, children)

        quads = len(store)
        if result.articles > rdflib_max:
            result.notes.append(f"rdflib: not tried above --rdflib-max {rdflib_max:,} articles")
            return
        needed = quads * rdflib_mb_per_quad if rdflib_mb_per_quad else None
        if needed is not None and needed > 0.8 * _available_mb():
            result.notes.append(f"rdflib: not tried: its copy would take about {needed:,.0f} MB "
                                f"(from the size before), more than 80% of the {_available_mb():,.0f} MB available")
            return
        gc.collect()
        result.rdflib_load = _on_rdflib(store, result.latencies[-len(queries):], queries, rdflib_runs)
        gc.collect()
    finally:
        store.close()


def _on_rdflib(store: OxigraphStore, latencies: list[Latency], queries: dict[str, str],
               runs: int) -> tuple[float, float]:
    """The queries on rdflib's in-memory engine over a copy of the store (their p50/p95 into `latencies`);
    the seconds the copy took and the MB it added to this process."""
    import warnings

    from kg.commands.bench.api import rdflib_copy

    before, started = _rss_mb(), time.perf_counter()
    dataset = rdflib_copy(store)
    load = (time.perf_counter() - started, max(0.0, _rss_mb() - before))
    with warnings.catch_warnings():  # rdflib's union-graph query path uses its own deprecated attribute
        warnings.simplefilter("ignore", DeprecationWarning)
        for latency, query in zip(latencies, queries.values(), strict=True):
            if latency.http is None:  # failed over HTTP: not tried here either
                continue

            def run(q: str = query) -> None:
                list(dataset.query(q))
            latency.rdflib = percentiles(timed(run, runs, warmup=1))
    return load


# --- output -------------------------------------------------------------------------------------

def _n(value: float | None, digits: int = 0) -> str:
    return NA if value is None else f"{value:,.{digits}f}"


def _ms(pair: Pair | None) -> str:
    return NA if pair is None else f"{pair[0]:.1f} / {pair[1]:.1f}"


def _rate(count: float, seconds: float) -> float | None:
    return count / seconds if seconds > 0 else None


def print_size(result: SizeResult, workers: int, extractor: str, runs: int, rdflib_runs: int) -> None:
    how = ("gold claims loaded directly: extraction skipped (above --gold-above)" if result.gold
           else f"extracted ({extractor} extractor, {workers} worker{'s' if workers != 1 else ''})")
    print(f"\n== {result.articles:,} articles: {how} ==")
    if result.generated is not None:
        print(f"{'corpus':20} written in {result.generated:.1f} s ({(result.corpus_bytes or 0) / MB:,.1f} MB JSONL, "
              "kg synth)")
    i = result.ingested
    if i is not None:
        total = i.extraction + i.writing + i.linking
        if result.gold:
            print(f"{'claims (no extract.)':20} {i.articles:,} articles in {i.extraction:.1f} s: "
                  f"{_n(_rate(i.articles, i.extraction), 1)} articles/s (generating the articles, their gold claims "
                  "as claims, resolving agents and places, RDF mapping)")
        else:
            # after the first article the others of the first batches are back already: a rate from
            # there means something only over many batches
            steady = (f"{_n(_rate(i.articles - 1, i.extraction - i.startup), 1)} articles/s after it"
                      if i.articles >= 10 * BATCH * workers else "too few articles for a rate after it")
            print(f"{'extraction':20} {i.articles:,} articles in {i.extraction:.1f} s: "
                  f"{_n(_rate(i.articles, i.extraction), 1)} articles/s ({i.startup:.1f} s until the first was back: "
                  f"worker start-up and model loading; {steady}; RDF mapping included)")
        print(f"{'loading':20} {i.triples:,} article triples in {i.writing:.1f} s: "
              f"{_n(_rate(i.triples, i.writing))} triples/s, {_n(_rate(i.articles, i.writing), 1)} articles/s "
              f"({'bulk loader' if i.bulk else 'transactions'}; registries and provenance besides)")
        print(f"{'incident linking':20} {i.linking:.1f} s ({i.incidents:,} incidents)")
        print(f"{'ingest in all':20} {total:.1f} s: {_n(_rate(i.articles, total), 1)} articles/s, "
              f"{_n(_rate(i.quads, total))} quads/s ({i.claims:,} claims, {i.quads:,} quads, {i.errors} records "
              f"refused; {i.setup:.1f} s building the {'resolvers' if result.gold else 'pipeline'} before, not "
              "counted)")
        worker = f"largest extraction worker {i.worker_mb:,.0f} MB" if i.worker_mb else "no extraction worker"
        held = "the resolvers" if result.gold else "a pipeline, as kg ingest's does"
        print(f"{'ingest peak RSS':20} writer {i.writer_mb:,.0f} MB (reads, writes, links; holds {held}), {worker}")
    if result.store_bytes is not None and i is not None:
        print(f"{'store on disk':20} {result.store_bytes / MB:,.1f} MB ({result.store_bytes / max(1, i.articles):,.0f} "
              f"bytes an article, {result.store_bytes / max(1, i.quads):,.0f} a quad)")
    s = result.served
    if s is not None:
        reads = "an in-memory copy (a replica process)" if s.memory_copy else "disk (KG_MEMORY_COPY_MAX_QUADS exceeded)"
        print(f"{'kg serve':20} up in {s.up:.1f} s, first read in {s.first * 1000:,.0f} ms; reads from {reads}")
        kids = (f"; {len(s.children)} processes under it (replica, query processes, helpers): up to "
                f"{max(s.children):,.0f} MB each, {sum(s.children):,.0f} MB together" if s.children else "")
        print(f"{'kg serve peak RSS':20} {s.server_mb + sum(s.children):,.0f} MB: server {s.server_mb:,.0f} MB{kids} "
              "(VmHWM after the requests; forked processes share pages, so the sum is an upper bound)")
    if result.latencies:
        width = max(40, *(len(latency.label) for latency in result.latencies))
        print(f"\n{f'p50 / p95 ms ({runs} runs; rdflib {rdflib_runs})':{width}} {'HTTP':>15} {'pyoxigraph':>15} "
              f"{'rdflib mem':>15} {'rows':>9}")
        for latency in result.latencies:
            if latency.note:
                print(f"{latency.label:{width}} {latency.note}")
                continue
            rdflib = _ms(latency.rdflib) if latency.rdflib else "-"
            print(f"{latency.label:{width}} {_ms(latency.http):>15} {_ms(latency.direct):>15} {rdflib:>15} "
                  f"{_n(latency.rows) if latency.rows is not None else '-':>9}")
        if result.rdflib_load:
            seconds, mb = result.rdflib_load
            print(f"rdflib: the {i.quads if i else 0:,} quads copied into its in-memory Dataset in {seconds:.1f} s, "
                  f"+{mb:,.0f} MB")
    for note in result.notes:
        print(note)
    if result.not_done:
        print(f"NOT DONE: {result.not_done}")


def print_summary(results: list[SizeResult], seed: int) -> None:
    print(f"\n== summary (seed {seed}) ==")
    print(f"{'articles':>10} {'claims':>10} {'from':>9} {'extract/s':>10} {'load tripl/s':>13} {'ingest/s':>9} "
          f"{'quads':>11} {'store MB':>9} {'writer MB':>10} {'worker MB':>10} {'serve MB':>9}")
    for r in results:
        i = r.ingested
        if i is None:
            print(f"{r.articles:>10,} not done: {r.not_done}")
            continue
        total = i.extraction + i.writing + i.linking
        serve = _n(r.served.server_mb + sum(r.served.children)) if r.served else NA
        print(f"{r.articles:>10,} {i.claims:>10,} {'gold' if r.gold else 'extracted':>9} "
              f"{_n(_rate(i.articles, i.extraction), 1):>10} {_n(_rate(i.triples, i.writing)):>13} "
              f"{_n(_rate(i.articles, total), 1):>9} {i.quads:>11,} "
              f"{_n(r.store_bytes / MB if r.store_bytes is not None else None, 1):>9} "
              f"{_n(i.writer_mb):>10} {_n(i.worker_mb) if i.worker_mb else '-':>10} {serve:>9}")
    print("(extract/s: articles a second of extraction, or for gold of making the gold claims instead; writer and "
          "worker MB: peak RSS of the ingest's writer and of its largest extraction worker, '-': none; serve MB: "
          "kg serve's processes together)")
    measured = [r for r in results if r.latencies]
    if not measured:
        return
    print("\np50 ms, HTTP / pyoxigraph / rdflib ('-': not run; n/a: failed, said with its size)")
    labels = ["incident (largest)", "incidents (random)", "source claims", "aggregate", "lookup", "chain"]
    print(f"{'articles':>10} " + " ".join(f"{label:>22}" for label in labels))
    for r in measured:
        cells = []
        for latency in r.latencies:
            parts = [_n(p[0], 1) if p else NA for p in (latency.http, latency.direct)]
            if latency.label.startswith("SPARQL"):
                parts.append(_n(latency.rdflib[0], 1) if latency.rdflib else "-")
            cells.append(" / ".join(parts))
        print(f"{r.articles:>10,} " + " ".join(f"{cell:>22}" for cell in cells))
    skipped = [r for r in results if r.not_done]
    for r in skipped:
        print(f"{r.articles:,} articles: not done: {r.not_done}")


# --- the command --------------------------------------------------------------------------------

def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"comma-separated whole numbers, not {text!r}") from None
    if not sizes or any(n < 1 for n in sizes):
        raise argparse.ArgumentTypeError(f"sizes of one article or more, not {text!r}")
    return sizes


def cmd_scale(args: argparse.Namespace, config: Config) -> int:
    from kg.synth.generate import generate
    from kg.synth.output import write_corpus
    from kg.synth.vocabulary import load_vocabulary

    store_root = Path(args.store_dir) if args.store_dir else None
    temporary = tempfile.TemporaryDirectory(prefix="kg-bench-scale-") if store_root is None else None
    root = Path(temporary.name) if temporary else store_root
    assert root is not None
    root.mkdir(parents=True, exist_ok=True)
    max_seconds = args.max_minutes * 60 if args.max_minutes > 0 else None
    print(f"kg bench scale: sizes {', '.join(f'{n:,}' for n in args.articles)} (seed {args.seed}); stores in {root}"
          f"{' (temporary)' if temporary else ' (kept)'}; extractor {config.extractor}, {args.workers} workers; "
          f"gold claims above {args.gold_above:,} articles; rdflib up to {args.rdflib_max:,}")
    print(f"kg serve runs with KG_QUERY_CACHE_ROWS=0 (every request evaluated), KG_MAX_ROWS=0 (whole answers, "
          f"as pyoxigraph gives) and KG_QUERY_TIMEOUT {max(config.query_timeout, SERVE_TIMEOUT):.0f} s; "
          "pyoxigraph direct = the route's view (or the query, serialised to JSON) in this process")
    results: list[SizeResult] = []
    rdflib_mb_per_quad: float | None = None
    try:
        for count in args.articles:
            gold = count > args.gold_above
            result = SizeResult(count, gold)
            results.append(result)
            store = root / f"scale-{count}-seed{args.seed}"
            made = False  # whether this run made the store (only then is it ever removed)
            try:
                _check_room(result, store, root, results, max_seconds)
                made = True
                with tempfile.TemporaryDirectory(prefix="corpus-", dir=root) as corpus_folder:
                    corpus = None
                    if not gold:
                        corpus = Path(corpus_folder) / "articles.jsonl"
                        started = time.perf_counter()
                        write_corpus(generate(count, args.seed, load_vocabulary()), corpus)
                        result.generated = time.perf_counter() - started
                        result.corpus_bytes = corpus.stat().st_size
                    result.ingested = run_ingest(IngestJob(str(store), str(corpus) if corpus else None, count,
                                                           args.seed, args.workers, config), max_seconds)
                result.store_bytes = folder_bytes(store)
                rng = random.Random(f"{args.seed}/{count}")  # what is asked of a size depends on it alone
                measure(result, store, config, args.runs, args.rdflib_runs, args.rdflib_max, rng, rdflib_mb_per_quad)
                if result.rdflib_load and result.ingested.quads:
                    rdflib_mb_per_quad = result.rdflib_load[1] / result.ingested.quads
            except NotDone as exc:
                result.not_done = str(exc)
            except OSError as exc:  # a full disk, most likely
                result.not_done = f"{type(exc).__name__}: {exc}"
            except Exception as exc:  # noqa: BLE001 - said, and the next size is tried
                result.not_done = f"failed: {type(exc).__name__}: {exc}"
            finally:
                if made and (temporary or result.not_done):  # a store cut off is no use kept
                    shutil.rmtree(store, ignore_errors=True)
            print_size(result, args.workers, config.extractor, args.runs, args.rdflib_runs)
    finally:
        if temporary:
            temporary.cleanup()
    print_summary(results, args.seed)
    failed = any(r.not_done or any(latency.note for latency in r.latencies) for r in results)
    return 1 if failed else 0


def _check_room(result: SizeResult, store: Path, root: Path, done: list[SizeResult], max_seconds: float | None) -> None:
    """Refuse a size ahead of time when its store is there already, or when the last size done like it
    (extracted or gold) says it would not fit on the disk or in `max_seconds`."""
    if store.exists():
        raise NotDone(f"{store} exists: remove it or choose another --store-dir")
    before = next((r for r in reversed(done[:-1]) if r.ingested and r.store_bytes and r.gold == result.gold), None)
    if before is None or before.ingested is None or before.store_bytes is None:
        return
    scale = result.articles / before.articles
    needed = (before.store_bytes + (before.corpus_bytes or 0)) * scale * 1.2
    free = shutil.disk_usage(root).free
    if needed > free:
        raise NotDone(f"about {needed / MB:,.0f} MB of disk needed (from {before.articles:,} articles), "
                      f"{free / MB:,.0f} MB free in {root}")
    i = before.ingested
    estimate = i.setup + (i.extraction + i.writing + i.linking) * scale
    if max_seconds is not None and estimate > max_seconds:
        raise NotDone(f"the ingest would take about {estimate / 60:,.0f} min (from {before.articles:,} articles, "
                      f"linearly), more than --max-minutes {max_seconds / 60:g}")


def register(commands: Any) -> None:
    p = commands.add_parser("scale", help="ingest, store size, memory and query latency as the corpus grows "
                                          "(synthetic corpora, beside pyoxigraph and rdflib)")
    p.add_argument("--articles", type=_sizes, default=_sizes("1000,10000"),
                   help="comma-separated corpus sizes (default 1000,10000)")
    p.add_argument("--seed", type=int, default=0, help="kg synth's seed (default 0)")
    p.add_argument("--workers", type=int, default=2, help="extraction processes (default 2)")
    p.add_argument("--store-dir", help="where the stores are built and kept (default: a temporary folder, removed "
                                       "after)")
    p.add_argument("--gold-above", type=int, default=100_000, metavar="N",
                   help="sizes above N load the generator's gold claims instead of extracting (default 100000)")
    p.add_argument("--rdflib-max", type=int, default=10_000, help="largest size rdflib is tried at (default 10000)")
    p.add_argument("--runs", type=int, default=20, help="timed runs per request and query (default 20)")
    p.add_argument("--rdflib-runs", type=int, default=3, help="timed runs per query on rdflib (slow; default 3)")
    p.add_argument("--max-minutes", type=float, default=240,
                   help="a size whose ingest would take (estimated from the size before) or takes longer is "
                        "stopped and said so (default 240; 0: no limit)")
    p.set_defaults(func=cmd_scale)
