"""A store that counts the reads made through it, for tests that bound how many queries a request sends.

`CountingStore` wraps any `kg.rdf.store.Store` and passes every call through; each read (`query`,
`select`, each query of `select_all` and of `select_text`, `ask`, `construct`, `stream`, `graph`,
`named_graphs`) adds one to `count` and its name to `calls`, whichever method the caller used. The app built over it
(`create_app(config, CountingStore(s))`) reads only through it: the REST routes, the pages, the exports
and the SPARQL endpoint alike.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

from rdflib import Graph, URIRef
from rdflib.term import Node

from kg.rdf.store import DatasetSpec, Query, QueryResult, ResultStream, Row, Store, TextRow


class CountingStore(Store):
    def __init__(self, inner: Store) -> None:
        self.inner = inner
        self.calls: list[str] = []

    @property
    def count(self) -> int:
        return len(self.calls)

    @contextmanager
    def counting(self) -> Iterator[list[str]]:
        """The reads made inside the block (the list fills as they happen)."""
        start = len(self.calls)
        seen: list[str] = []
        try:
            yield seen
        finally:
            seen.extend(self.calls[start:])

    def _read(self, what: str, query: str | None = None) -> None:
        self.calls.append(what if query is None else f"{what}: {' '.join(query.split())[-160:]}")

    def update(self, update: str) -> None:
        self.inner.update(update)

    def query(self, query: str, bindings: Mapping[str, Node] | None = None) -> QueryResult:
        self._read("query", query)
        return self.inner.query(query, bindings)

    def select(self, query: str, bindings: Mapping[str, Node] | None = None) -> list[Row]:
        self._read("select", query)
        return self.inner.select(query, bindings)

    def select_all(self, queries: Sequence[Query]) -> list[list[Row]]:
        for query, _ in queries:
            self._read("select", query)
        return self.inner.select_all(queries)

    def select_text(self, queries: Sequence[Query], max_rows: int = 0) -> list[list[TextRow]]:
        for query, _ in queries:
            self._read("select", query)
        return self.inner.select_text(queries, max_rows)

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None) -> bool:
        self._read("ask", query)
        return self.inner.ask(query, bindings)

    def construct(self, query: str, bindings: Mapping[str, Node] | None = None) -> Graph:
        self._read("construct", query)
        return self.inner.construct(query, bindings)

    def stream(self, query: str, dataset: DatasetSpec | None = None) -> ResultStream:
        self._read("stream", query)
        return self.inner.stream(query, dataset)

    def graph(self, name: URIRef) -> Graph:
        self._read("graph")
        return self.inner.graph(name)

    def named_graphs(self) -> list[URIRef]:
        self._read("named_graphs")
        return self.inner.named_graphs()

    def __len__(self) -> int:
        return len(self.inner)

    def flush(self) -> None:
        self.inner.flush()

    def close(self) -> None:
        self.inner.close()
