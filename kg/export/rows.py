"""SELECT results as a stream of plain rows (variable -> lexical value), for building views.

The embedded store yields solutions one at a time; other stores answer through `Store.select`.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox

from kg.errors import QueryError, StoreError
from kg.rdf.store import OxigraphStore, Store

Row = dict[str, str]


def stream(store: Store, query: str) -> Iterator[Row]:
    """The rows of a SELECT query; unbound variables are absent from a row."""
    if isinstance(store, OxigraphStore):
        yield from _oxigraph_rows(store, query)
        return
    for row in store.select(query):
        yield {name: str(term) for name, term in row.items()}


def _oxigraph_rows(store: OxigraphStore, query: str) -> Iterator[Row]:
    try:
        solutions = store.inner.query(query, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise QueryError(f"malformed SPARQL: {exc}") from None
    except OSError as exc:
        raise StoreError(f"store read failed: {exc}") from None
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError("not a SELECT query")
    names = [v.value for v in solutions.variables]
    for solution in solutions:
        yield {name: term.value for name, term in zip(names, solution, strict=True) if term is not None}
