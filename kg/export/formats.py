"""One graph, one format: the bytes, media type and file name that the CLI and the API both serve.

CSV comes as a zip of `nodes.csv` and `edges.csv`, or as one of the two tables (`table=`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import networkx as nx

from kg.errors import QueryError
from kg.export.gexf import gexf_chunks
from kg.export.graphml import graphml_chunks
from kg.export.tables import TABLES, csv_zip, table_chunks

FORMATS = ("gexf", "graphml", "csv")
MEDIA_TYPES = {"gexf": "application/gexf+xml", "graphml": "application/graphml+xml", "csv": "text/csv",
               "zip": "application/zip"}


@dataclass(slots=True)
class Rendered:
    """A graph serialised lazily: iterate `chunks` to produce the bytes."""

    media_type: str
    filename: str
    chunks: Iterator[bytes]


def _encoded(chunks: Iterable[str]) -> Iterator[bytes]:
    for chunk in chunks:
        yield chunk.encode("utf-8")


def render(graph: nx.Graph[str], fmt: str, *, name: str = "graph", table: str | None = None) -> Rendered:
    """`graph` in `fmt` ("gexf", "graphml", "csv"); for CSV, `table` picks "nodes" or "edges"."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}; formats: {', '.join(FORMATS)}")
    if table is not None and (fmt != "csv" or table not in TABLES):
        raise QueryError(f"table={table!r}: only the csv format has tables ({', '.join(TABLES)})")
    if fmt == "gexf":
        return Rendered(MEDIA_TYPES["gexf"], f"{name}.gexf", _encoded(gexf_chunks(graph)))
    if fmt == "graphml":
        return Rendered(MEDIA_TYPES["graphml"], f"{name}.graphml", _encoded(graphml_chunks(graph)))
    if table:
        return Rendered(MEDIA_TYPES["csv"], f"{name}-{table}.csv", _encoded(table_chunks(graph, table)))
    return Rendered(MEDIA_TYPES["zip"], f"{name}.zip", csv_zip(graph))
