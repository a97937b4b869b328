"""`kg bench api`: latency of the pages and JSON resources (each timed as JSON and as the HTML page)
and of the SPARQL endpoint on an ingested corpus, the endpoint side by side with pyoxigraph called
directly and rdflib's in-memory engine on the same data and queries.

A benchmark that prints figures, not a timed test. The server runs under uvicorn on a local port
and is called over HTTP, as clients would.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.settings import Config

if TYPE_CHECKING:
    from rdflib import Dataset

    from kg.rdf.store import OxigraphStore

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / "fa-kes" / "articles.jsonl"
PREFIXES = """PREFIX cg: <https://claimgraph.org/ontology#>
PREFIX schema: <http://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
# Researcher-style queries: an aggregate over every claim, a text search with a join, a grouping by
# outlet and month, and a selective lookup (one outlet's claims) where indexes matter most.
QUERIES = {
    "claims-per-article": PREFIXES + """SELECT ?article (COUNT(?claim) AS ?claims)
      (SUM(IF(?hedged, 1, 0)) AS ?hedgedClaims) WHERE {
      ?article a schema:NewsArticle ; cg:hasClaim ?claim . ?claim cg:hedged ?hedged } GROUP BY ?article""",
    "killed-by-outlet": PREFIXES + """SELECT ?claim ?outlet ?day WHERE {
      ?claim a cg:Claim ; schema:text ?text ; schema:appearance ?article .
      ?article schema:publisher/skos:prefLabel ?outlet . OPTIONAL { ?article schema:datePublished ?day }
      FILTER(CONTAINS(LCASE(?text), "killed")) }""",
    "outlet-month": PREFIXES + """SELECT ?outlet ?month (COUNT(DISTINCT ?claim) AS ?claims) WHERE {
      ?claim schema:appearance ?article . ?article schema:publisher ?outlet ; schema:datePublished ?day .
      BIND(SUBSTR(STR(?day), 1, 7) AS ?month) } GROUP BY ?outlet ?month ORDER BY ?outlet ?month""",
    "one-outlet-claims": PREFIXES + """SELECT ?claim ?text ?day WHERE {
      ?outlet skos:prefLabel "Al-Manar" . ?article schema:publisher ?outlet ; cg:hasClaim ?claim .
      ?claim schema:text ?text . OPTIONAL { ?article schema:datePublished ?day } }""",
}

PAGE = 50  # claims per page of a source's record
Timing = tuple[str, tuple[float, float], tuple[float, float]]  # a request, its p50/p95 as JSON and as HTML


def percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p95 in milliseconds."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def timed(call: Callable[[], Any], runs: int, warmup: int = 2) -> list[float]:
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return samples


def timed_in_turns(first: Callable[[], Any], second: Callable[[], Any], runs: int,
                   warmup: int = 2) -> tuple[list[float], list[float]]:
    """Two calls timed alternately, so that both see the same state of the machine."""
    for _ in range(warmup):
        first()
        second()
    samples: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for call, times in ((first, samples[0]), (second, samples[1])):
            started = time.perf_counter()
            call()
            times.append(time.perf_counter() - started)
    return samples


def post_sparql(connection: Any, query: str, label: str) -> None:
    """POST `query` to /sparql on a kept-alive `http.client` connection and read the whole JSON answer."""
    connection.request("POST", "/sparql", body=query.encode("utf-8"), headers={
        "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        raise RuntimeError(f"/sparql answered {response.status} to {label}")


def ingest_if_needed(store: Any, config: Config, corpus: Path, limit: int | None) -> None:
    """Ingest `corpus` (at most `limit` articles) into an empty store; a store that holds data is kept."""
    if len(store) > 0:
        print(f"store already holds {len(store)} quads: not ingesting")
        return
    from itertools import islice

    from kg.ingest import load_paths
    from kg.operations import ingest
    from kg.pipeline import build_pipeline
    from kg.rdf.vocab import Iris

    pipeline = build_pipeline(config)
    started = time.perf_counter()
    report = ingest(islice(load_paths([corpus]), limit), store, pipeline.extractor, pipeline.resolvers,
                    Iris(config.base))
    print(f"ingested {report.articles} articles, {report.claims} claims, {report.incidents} incidents "
          f"in {time.perf_counter() - started:.0f} s")


@contextmanager
def served(store_path: str, config: Config) -> Iterator[str]:
    """`kg serve` on the store in its own process (so client and server do not share a GIL);
    yields its base URL and stops it after."""
    with serving(store_path, config) as (base, _):
        yield base


@contextmanager
def serving(store_path: str, config: Config, settings: dict[str, str] | None = None
            ) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`served`, yielding the server's process beside its base URL (to read its memory); `settings` adds
    environment settings (`KG_API_TOKEN`)."""
    import socket
    import sys

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    env["KG_QUERY_TIMEOUT"] = str(config.query_timeout)
    env["KG_MAX_ROWS"] = str(config.max_rows)
    env["KG_MEMORY_COPY_MAX_QUADS"] = str(config.memory_copy_max_quads)
    env["KG_QUERY_CACHE_ROWS"] = str(config.query_cache_rows)
    env["KG_ACCESS_LOG"] = "false"  # its output goes nowhere; a line per request costs ~0.1 ms
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    env.update(settings or {})
    process = subprocess.Popen([sys.executable, "-m", "kg.cli", "--store", store_path, "serve", "--host",
                                "127.0.0.1", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(base + "/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base, process
    finally:
        process.terminate()
        process.wait(10)


def cmd_bench(args: argparse.Namespace, config: Config) -> int:
    """Benchmark the API on a corpus; print p50/p95 and the ratios to the targets."""
    import gc
    import tempfile

    from kg.rdf.store import OxigraphStore

    folder = tempfile.TemporaryDirectory() if not args.store else None
    path = args.store if folder is None else str(Path(folder.name) / "store")
    writable = OxigraphStore(path)
    ingest_if_needed(writable, config, Path(args.corpus), args.limit)
    writable.close()
    del writable
    gc.collect()
    # pyoxigraph direct reads through the same engine as the server: the in-memory copy when it has one.
    store = OxigraphStore(path, read_only=True, memory_copy_max_quads=config.memory_copy_max_quads)
    reads = "an in-memory copy" if store.in_memory_copy else "disk"
    print(f"store: {len(store)} quads in {len(store.named_graphs())} graphs; reads from {reads} "
          "(KG_MEMORY_COPY_MAX_QUADS)")
    endpoint, direct = _over_http(path, config, args.runs, store, sparql=not args.no_sparql)
    if args.no_sparql:
        if folder:
            folder.cleanup()
        return 0
    rows = {name: _solutions(store, q) for name, q in QUERIES.items()}
    rdflib_times = _rdflib_times(store, args.rdflib_runs)
    print()
    print(f"{'SPARQL query (p50 ms)':24} {'endpoint':>9} {'pyoxigraph':>11} {'rdflib mem':>11} "
          f"{'endpoint/direct':>16} {'rdflib/endpoint':>16} {'rows':>6}")
    for name in QUERIES:
        e, d, r = (percentiles(t)[0] for t in (endpoint[name], direct[name], rdflib_times[name]))
        print(f"{name:24} {e:9.1f} {d:11.1f} {r:11.1f} {e / d:16.2f} {r / e:16.1f} {rows[name]:6d}")
    print(f"\ntargets: endpoint/direct <= 1.3, rdflib/endpoint >= 10 (p50 of {args.runs} runs; "
          f"rdflib: {args.rdflib_runs} runs). pyoxigraph direct = query + native JSON serialisation; "
          "endpoint = the same over HTTP from another process (kg serve, access log off), each run of one right "
          "after the other's")
    if folder:
        folder.cleanup()
    return 0


def _pages(client: Any, runs: int, kept: int) -> list[Timing]:
    """Each page and JSON resource a reader opens, timed as JSON and as the HTML page and printed as it
    is measured: the front page, the incident list, the incident with the most claims and all its
    claims, one of its articles, the source with the most claims (a first and a second page of `PAGE`
    claims), its claims through /claims, and it compared with the second source."""
    import httpx

    incidents = client.get("/incidents", params={"sort": "-claims", "limit": 1}).json()["items"]
    sources = client.get("/sources", params={"limit": 2}).json()["items"]
    requests: list[tuple[str, str, dict[str, Any]]] = [("GET /", "/", {}), ("GET /incidents", "/incidents", {})]
    if incidents:
        incident = incidents[0]["id"]
        requests += [(f"GET /incidents/{incident}", f"/incidents/{incident}", {}),
                     (f"GET /incidents/{incident}/claims", f"/incidents/{incident}/claims", {})]
        claims = client.get("/claims", params={"incident": incident, "limit": 1}).json()["items"]
        if claims:
            requests.append((f"GET /articles/{claims[0]['article']}", f"/articles/{claims[0]['article']}", {}))
    else:
        print("no incidents in the store yet: /incidents/{id} and its claims not measured")
    if sources:
        source = sources[0]["id"]
        requests += [(f"GET /sources/{source}?limit={PAGE}", f"/sources/{source}", {"limit": PAGE}),
                     (f"GET /sources/{source}?limit={PAGE}&offset={PAGE}", f"/sources/{source}",
                      {"limit": PAGE, "offset": PAGE}),
                     (f"GET /claims?source={source}", "/claims", {"source": source})]
        if len(sources) > 1:
            pair = f"{source},{sources[1]['id']}"
            requests.append((f"GET /compare?sources={pair}", "/compare", {"sources": pair}))
    print(f"\nanswers kept between writes: {kept} rows at most (KG_QUERY_CACHE_ROWS; 0 times every query "
          "evaluated); the first request of each is apart from the runs")
    print(f"{f'request ({runs} runs each)':60} {'first':>7} {'JSON p50':>9} {'p95 ms':>7} {'HTML p50':>9} "
          f"{'p95 ms':>7}")
    lines = []
    for label, url, params in requests:
        def get(fmt: str, u: str = url, p: dict[str, Any] = params) -> None:
            client.get(u, params={**p, "format": fmt}).raise_for_status()
        try:
            started = time.perf_counter()
            get("json")
            first = (time.perf_counter() - started) * 1000
            as_json = percentiles(timed(lambda: get("json"), runs))
            as_html = percentiles(timed(lambda: get("html"), runs))
        except httpx.HTTPStatusError as exc:  # a page past the time limit: said, and the others still timed
            print(f"{label[:60]:60} failed: {exc.response.status_code} {exc.response.reason_phrase}", flush=True)
            continue
        print(f"{label[:60]:60} {first:7.1f} {as_json[0]:9.1f} {as_json[1]:7.1f} {as_html[0]:9.1f} {as_html[1]:7.1f}",
              flush=True)
        lines.append((label, as_json, as_html))
    return lines


def _over_http(path: str, config: Config, runs: int, store: Any,
               sparql: bool = True) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Page and resource latencies (printed), and each SPARQL query timed over the endpoint and on
    `store` directly, in turns (unless `sparql` is off)."""
    import http.client

    import httpx
    import pyoxigraph as ox

    endpoint: dict[str, list[float]] = {}
    direct: dict[str, list[float]] = {}
    with served(path, config) as base, httpx.Client(base_url=base, timeout=120) as client:
        _pages(client, runs, config.query_cache_rows)
        if not sparql:
            return endpoint, direct
        # SPARQL over the standard library's HTTP client, the one SPARQLWrapper uses (through urllib),
        # on one kept-alive connection: httpx's own parsing adds about 1 ms to a 270 KB answer.
        host, port = base.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=120)
        for name, query in QUERIES.items():
            def call(q: str = query, label: str = name) -> None:
                post_sparql(connection, q, label)

            def local(q: str = query) -> None:
                store.inner.query(q, use_default_graph_as_union=True).serialize(format=ox.QueryResultsFormat.JSON)
            endpoint[name], direct[name] = timed_in_turns(call, local, runs)
        connection.close()
    return endpoint, direct


def _solutions(store: OxigraphStore, query: str) -> int:
    """How many solutions pyoxigraph finds for a SELECT query."""
    import pyoxigraph as ox

    results = store.inner.query(query, use_default_graph_as_union=True)
    if not isinstance(results, ox.QuerySolutions):
        raise TypeError(f"not a SELECT query: {query!r}")
    return sum(1 for _ in results)


def rdflib_copy(store: OxigraphStore) -> Dataset:
    """An rdflib in-memory `Dataset` (default graph: the union) holding the quads of `store`."""
    from rdflib import Dataset, Graph, URIRef

    from kg.rdf.store import to_rdflib

    dataset = Dataset(default_union=True)
    graphs: dict[str, Graph] = {}
    for quad in store.inner:
        name = quad.graph_name.value
        if name not in graphs:
            graphs[name] = dataset.graph(URIRef(name))  # the store names its graphs by IRIs
        graphs[name].add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return dataset


def _rdflib_times(store: Any, runs: int) -> dict[str, list[float]]:
    """The same queries on rdflib's in-memory engine over a copy of the same quads."""
    dataset = rdflib_copy(store)
    with warnings.catch_warnings():  # rdflib's union-graph query path uses its own deprecated attribute
        warnings.simplefilter("ignore", DeprecationWarning)
        times: dict[str, list[float]] = {}
        for name, query in QUERIES.items():
            def run(q: str = query) -> None:
                list(dataset.query(q))
            times[name] = timed(run, runs, warmup=1)
        return times


def register(commands: Any) -> None:
    p = commands.add_parser("api", help="the HTTP API and SPARQL endpoint on a corpus, beside pyoxigraph and rdflib")
    p.add_argument("--corpus", default=str(CORPUS), help="articles to ingest (default: the FA-KES corpus)")
    p.add_argument("--limit", type=int, help="ingest at most this many articles")
    p.add_argument("--store", help="an on-disk store folder to reuse (ingested when empty); default: a temporary one")
    p.add_argument("--runs", type=int, default=30, help="timed runs per request")
    p.add_argument("--rdflib-runs", type=int, default=3, help="timed runs per query on rdflib (slow)")
    p.add_argument("--no-sparql", action="store_true",
                   help="time the pages and resources only, not the SPARQL endpoint beside pyoxigraph and rdflib")
    p.set_defaults(func=cmd_bench)
