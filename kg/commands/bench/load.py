"""`kg bench load`: many clients at once against `kg serve` on loopback, for a while; throughput, latency
percentiles and every answer that was not a success (a 503 included).

A benchmark that prints figures, not a timed test. The mix is what fact-checkers and researchers send:
the incident list, one source's claims, one incident's claims, and small SPARQL queries.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from kg.commands.bench.api import CORPUS, ingest_if_needed, percentiles, served
from kg.settings import Config

SMALL_QUERIES = (
    "ASK { ?s ?p ?o }",
    "SELECT ?incident WHERE { ?incident a <https://claimgraph.org/ontology#Incident> } LIMIT 10",
)


def _mix(base: str) -> list[tuple[str, str, dict[str, Any]]]:
    """The request mix, as (kind, path, query parameters), from what the store holds: ten pages of the
    incident list, a hundred incidents' claims, ten pages of SOHR's claims, and small SPARQL queries
    (what is read is spread, so that answers kept since the last write are not all it measures)."""
    import httpx

    incidents = httpx.get(base + "/incidents", params={"limit": 100}, headers={"Accept": "application/json"},
                          timeout=60).json()["items"]
    mix: list[tuple[str, str, dict[str, Any]]] = []
    mix += [("incidents", "/incidents", {"limit": 20, "offset": 20 * k}) for k in range(10)]
    mix += [("source claims", "/claims", {"source": "agent/sohr", "limit": 50, "offset": 50 * k}) for k in range(10)]
    mix += [("incident claims", f"/incidents/{i['id']}/claims", {}) for i in incidents]
    mix += [("sparql", "/sparql", {"query": q}) for q in SMALL_QUERIES]
    return mix


def _weighted(mix: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Each kind of request equally likely, whatever the number of its URLs."""
    kinds: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for kind, url in mix:
        kinds[kind].append((kind, url))
    return [entry for entries in kinds.values() for entry in entries * (len(mix) // len(entries))]


def run_load(base: str, clients: int, seconds: float, seed: int = 7) -> dict[str, Any]:
    """`clients` threads, each with its own keep-alive connection, sending the mix in random order for
    `seconds`. The client is the standard library's `http.client`: on a machine of two cores the load
    generator shares the CPU with the server, and a lighter client leaves more of it to what is measured."""
    import http.client
    import urllib.parse

    mix = _weighted([(kind, path + ("?" + urllib.parse.urlencode(params) if params else ""))
                     for kind, path, params in _mix(base)])
    host = urllib.parse.urlsplit(base)
    times: dict[str, list[float]] = defaultdict(list)
    failures: Counter[str] = Counter()
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(k: int) -> None:
        rng = random.Random(seed + k)
        connection = http.client.HTTPConnection(host.hostname or "127.0.0.1", host.port, timeout=60)
        try:
            while time.monotonic() < stop:
                kind, url = rng.choice(mix)
                started = time.perf_counter()
                try:
                    connection.request("GET", url, headers={"Accept": "application/json"})
                    response = connection.getresponse()
                    response.read()
                    status = response.status
                except (OSError, http.client.HTTPException) as exc:
                    connection.close()  # a new connection for the next request
                    status, error = 0, type(exc).__name__
                else:
                    error = str(status)
                elapsed = time.perf_counter() - started
                with lock:
                    times[kind].append(elapsed)
                    if not 200 <= status < 300:
                        failures[f"{kind}: {error}"] += 1
        finally:
            connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    every = [x for samples in times.values() for x in samples]
    return {"clients": clients, "seconds": wall, "requests": len(every), "failures": dict(failures),
            "urls": len(set(mix)),
            "by_kind": {kind: samples for kind, samples in times.items()}, "all": every}


def format_load(result: dict[str, Any]) -> str:
    def p99(samples: list[float]) -> float:  # in milliseconds, as `percentiles` gives p50 and p95
        ordered = sorted(samples)
        return ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] * 1000

    lines = [f"{result['clients']} clients for {result['seconds']:.1f} s: {result['requests']} requests, "
             f"{result['requests'] / result['seconds']:.1f} requests/s, "
             f"{sum(result['failures'].values())} not answered with success "
             f"({result['urls']} different URLs, each kind of request equally likely)"]
    for kind, samples in sorted(result["by_kind"].items()):
        p50, p95 = percentiles(samples)
        lines.append(f"  {kind:16} {len(samples):6d} requests  p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  "
                     f"p99 {p99(samples):7.1f} ms")
    if result["all"]:
        p50, p95 = percentiles(result["all"])
        lines.append(f"  {'all':16} {len(result['all']):6d} requests  p50 {p50:7.1f} ms  "
                     f"p95 {p95:7.1f} ms  p99 {p99(result['all']):7.1f} ms")
    for what, n in sorted(result["failures"].items()):
        lines.append(f"  failed: {what} x {n}")
    return "\n".join(lines)


def cmd_load(args: argparse.Namespace, config: Config) -> int:
    from kg.rdf.store import OxigraphStore

    with tempfile.TemporaryDirectory() as tmp:
        path = args.store or str(Path(tmp) / "store")
        store = OxigraphStore(path)
        ingest_if_needed(store, config, Path(args.corpus), args.limit)
        store.close()
        with served(path, config) as base:
            result = run_load(base, args.clients, args.seconds)
    print(format_load(result))
    return 0 if not result["failures"] else 1


def register(commands: Any) -> None:
    p = commands.add_parser("load", help="many clients at once against kg serve: throughput, p99, failures")
    p.add_argument("--corpus", default=str(CORPUS), help="articles to ingest (default: the FA-KES corpus)")
    p.add_argument("--limit", type=int, help="ingest at most this many articles")
    p.add_argument("--store", help="an on-disk store folder to reuse (ingested when empty)")
    p.add_argument("--clients", type=int, default=32, help="clients at once (default 32)")
    p.add_argument("--seconds", type=float, default=60.0, help="how long (default 60)")
    p.set_defaults(func=cmd_load)
