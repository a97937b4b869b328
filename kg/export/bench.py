"""Export benchmarks (not tests): time and peak memory of exporting a store's views, and of a
synthetic graph of a million nodes or more streamed straight into the writers.

Every phase reports its wall time and the process's peak resident memory so far (`rss`, a
high-water mark: it only grows, so phases run from the smallest to the largest). With `trace`,
tracemalloc also measures Python allocations per phase (slower): `peak` is the highest allocation
during the phase, `held` what it left allocated (the networkx graph, after building a view).
Writing a graph should add little over what building it holds.
"""

from __future__ import annotations

import os
import resource
import time
import tracemalloc
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from pathlib import Path

import networkx as nx

from kg.export.attrs import Attr, Schema
from kg.export.formats import render
from kg.export.gexf import EdgeRow, NodeRow, iter_gexf
from kg.export.graphml import iter_graphml
from kg.export.tables import nodes_csv
from kg.export.views import VIEWS, build_view
from kg.rdf.store import Store
from kg.rdf.vocab import Iris
from kg.views.scope import Filters

MB = 1024 * 1024


@dataclass(slots=True)
class Measure:
    """One timed phase."""

    label: str
    nodes: int
    edges: int
    seconds: float
    rss_mb: float
    bytes_written: int = 0
    peak_mb: float | None = None
    held_mb: float | None = None

    def line(self) -> str:
        traced = f"  peak {self.peak_mb:7.1f} MB  held {self.held_mb:7.1f} MB" if self.peak_mb is not None else ""
        size = f"  {self.bytes_written / MB:7.1f} MB out" if self.bytes_written else ""
        return (f"{self.label:<28} {self.nodes:>9} nodes {self.edges:>9} edges {self.seconds:7.2f} s"
                f"  rss {self.rss_mb:7.1f} MB{traced}{size}")


def peak_rss_mb() -> float:
    """The process's peak resident memory so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(label: str, nodes: int, edges: int, work: Callable[[], int], *, trace: bool = False) -> Measure:
    """Run `work` (returning bytes written); with `trace`, Python allocations relative to the start."""
    if trace:
        tracemalloc.start()
        tracemalloc.reset_peak()
    start_mem = tracemalloc.get_traced_memory()[0] if trace else 0
    start = time.perf_counter()
    written = work()
    seconds = time.perf_counter() - start
    result = Measure(label, nodes, edges, seconds, peak_rss_mb(), written)
    if trace:
        current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        result.peak_mb, result.held_mb = (peak - start_mem) / MB, (current - start_mem) / MB
    return result


def drain(chunks: Iterable[str | bytes], path: Path) -> int:
    written = 0
    with open(path, "wb") as out:
        for chunk in chunks:
            data = chunk.encode("utf-8") if isinstance(chunk, str) else chunk
            out.write(data)
            written += len(data)
    return written


SYNTHETIC_SCHEMA = Schema(
    nodes=(Attr("type", "string"), Attr("claims", "integer"), Attr("hedged", "boolean"),
           Attr("figures", "liststring"), Attr("date", "string")),
    edges=(Attr("relation", "string"), Attr("claims", "integer")),
)


@dataclass(frozen=True, slots=True)
class Synthetic:
    """A claims-like graph of `nodes` nodes, generated on the fly: 1% agents, 10% articles, the rest
    claims; each claim is attributed to an agent and appears in an article; each article has an
    outlet. About two edges per node."""

    nodes: int

    @property
    def agents(self) -> int:
        return max(10, self.nodes // 100)

    @property
    def articles(self) -> int:
        return max(1, self.nodes // 10)

    @property
    def claims(self) -> int:
        return self.nodes - self.agents - self.articles

    @property
    def edges(self) -> int:
        return 2 * self.claims + self.articles

    def _day(self, index: int) -> str:
        return (date(2011, 3, 15) + timedelta(days=index % 2800)).isoformat()

    def node_rows(self) -> Iterator[NodeRow]:
        for i in range(self.agents):
            yield f"agent/{i}", {"label": f"Agent {i}", "type": "agent", "claims": self.claims // self.agents}
        for i in range(self.articles):
            day = self._day(i)
            yield f"article/{i}", {"label": f"Article {i}", "type": "article", "date": day, "spells": [(day, day)]}
        for i in range(self.claims):
            day = self._day(i % self.articles)
            yield f"claim/{i}", {"label": f"Claim {i}, with \"quotes\" & commas", "type": "claim",
                                 "hedged": i % 7 == 0, "figures": [f"at least {i % 90} people killed"],
                                 "date": day, "spells": [(day, day)]}

    def edge_rows(self) -> Iterator[EdgeRow]:
        for i in range(self.articles):
            yield f"article/{i}", f"agent/{i % min(15, self.agents)}", {
                "relation": "published_by", "weight": 1, "claims": 1}
        for i in range(self.claims):
            day = self._day(i % self.articles)
            spells = [(day, day)]
            yield f"claim/{i}", f"agent/{(i * 7919) % self.agents}", {
                "relation": "attributed_to", "weight": 1, "claims": 1, "spells": spells}
            yield f"claim/{i}", f"article/{i % self.articles}", {
                "relation": "appears_in", "weight": 1, "claims": 1, "spells": spells}


def bench_synthetic(nodes: int, out_dir: Path, formats: Iterable[str] = ("gexf", "graphml", "csv"), *,
                    trace: bool = False) -> list[Measure]:
    """The synthetic graph streamed straight into each writer (no store, no networkx)."""
    graph = Synthetic(nodes)
    writers: dict[str, Callable[[], Iterable[str]]] = {
        "gexf": lambda: iter_gexf(graph.node_rows(), graph.edge_rows(), SYNTHETIC_SCHEMA),
        "graphml": lambda: iter_graphml(graph.node_rows(), graph.edge_rows(), SYNTHETIC_SCHEMA),
        "csv": lambda: nodes_csv(graph.node_rows(), SYNTHETIC_SCHEMA.nodes),
    }
    results = []
    for fmt in formats:
        path = out_dir / f"synthetic-{nodes}.{fmt}"
        label = f"synthetic: write {fmt}" + (" nodes" if fmt == "csv" else "")
        results.append(measure(label, graph.nodes, graph.edges if fmt != "csv" else 0,
                               partial(_write, writers[fmt], path), trace=trace))
    return results


def _write(chunks: Callable[[], Iterable[str | bytes]], path: Path) -> int:
    return drain(chunks(), path)


def _build(built: list[nx.MultiDiGraph[str]], store: Store, iris: Iris, view: str, filters: Filters | None) -> int:
    built.append(build_view(store, iris, view, filters))
    return 0


def bench_store(store: Store, iris: Iris, out_dir: Path, filters: Filters | None = None, *,
                trace: bool = False) -> list[Measure]:
    """Each view of the store: building it (SPARQL -> networkx), then writing each format."""
    results = []
    for view in VIEWS:
        built: list[nx.MultiDiGraph[str]] = []
        build = measure(f"{view}: build view", 0, 0, partial(_build, built, store, iris, view, filters), trace=trace)
        graph = built.pop()
        build.nodes, build.edges = graph.number_of_nodes(), graph.number_of_edges()
        results.append(build)
        for fmt in ("gexf", "graphml", "csv"):
            path = out_dir / f"{view}.{'zip' if fmt == 'csv' else fmt}"
            chunks = partial(lambda g, f, v: render(g, f, name=v).chunks, graph, fmt, view)
            results.append(measure(f"{view}: write {fmt}", build.nodes, build.edges, partial(_write, chunks, path),
                                   trace=trace))
        del graph
    return results


def bench_export(store: Store | None, iris: Iris, *, nodes: int = 1_000_000, out_dir: str | Path | None = None,
                 formats: Iterable[str] = ("gexf", "graphml", "csv"), trace: bool = False) -> list[Measure]:
    """The whole benchmark: the synthetic graph first (it should need almost no memory), then the
    store's views when a store is given."""
    target = Path(out_dir) if out_dir else Path(os.environ.get("TMPDIR", "/tmp")) / "kg-bench-export"
    target.mkdir(parents=True, exist_ok=True)
    baseline = Measure("start", 0, 0, 0.0, peak_rss_mb())
    results = [baseline, *bench_synthetic(nodes, target, formats, trace=trace)]
    return results + (bench_store(store, iris, target, trace=trace) if store is not None else [])
