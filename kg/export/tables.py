"""Node and edge tables as CSV, in the shape of Gephi's spreadsheet import.

nodes.csv: `Id, Label, Type, <attributes...>, Timeset`
edges.csv: `Source, Target, Type (Directed/Undirected), Id, Label, Weight, Kind, <attributes...>, Timeset`

`Timeset` uses Gephi's interval-set notation; lists are GEXF list literals. `csv_zip` streams
both tables in one zip archive.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import networkx as nx

from kg.csvcells import safe_cell
from kg.export.attrs import Attr, Schema, format_value
from kg.export.gexf import CHUNK, EdgeRow, NodeRow, graph_rows, graph_schema
from kg.export.timeline import timeset

TABLES = ("nodes", "edges")


def _cell(attr: Attr, data: Mapping[str, Any]) -> str:
    value = data.get(attr.name)
    return "" if value is None else format_value(attr.kind, value)


def _rows_as_csv(header: list[str], rows: Iterable[list[str]]) -> Iterator[str]:
    """The table as CSV text chunks; every cell spreadsheet-safe (`kg.csvcells`)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for count, row in enumerate(rows, start=1):
        writer.writerow([safe_cell(cell) for cell in row])
        if count % CHUNK == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def nodes_csv(nodes: Iterable[NodeRow], attrs: tuple[Attr, ...]) -> Iterator[str]:
    rest = [a for a in attrs if a.name != "type"]
    header = ["Id", "Label", "Type", *(a.name for a in rest), "Timeset"]
    rows = ([node_id, str(data.get("label", node_id)), str(data.get("type", "")),
             *(_cell(a, data) for a in rest), timeset(data.get("spells") or ())]
            for node_id, data in nodes)
    return _rows_as_csv(header, rows)


def edges_csv(edges: Iterable[EdgeRow], attrs: tuple[Attr, ...], *, directed: bool = True) -> Iterator[str]:
    rest = [a for a in attrs if a.name != "relation"]
    header = ["Source", "Target", "Type", "Id", "Label", "Weight", "Kind", *(a.name for a in rest), "Timeset"]
    kind = "Directed" if directed else "Undirected"
    rows = ([source, target, kind, str(index), str(data.get("label", "")),
             format_value("double", data.get("weight", 1.0)), str(data.get("relation", "")),
             *(_cell(a, data) for a in rest), timeset(data.get("spells") or ())]
            for index, (source, target, data) in enumerate(edges))
    return _rows_as_csv(header, rows)


def table_chunks(graph: nx.Graph[str], table: str) -> Iterator[str]:
    """One table ("nodes" or "edges") of a networkx graph as CSV text chunks."""
    schema: Schema = graph_schema(graph)
    nodes, edges = graph_rows(graph)
    if table == "nodes":
        return nodes_csv(nodes, schema.nodes)
    return edges_csv(edges, schema.edges, directed=graph.is_directed())


class _Sink(io.RawIOBase):
    """A write-only, non-seekable stream whose bytes are taken out as they come."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        return data


def csv_zip(graph: nx.Graph[str]) -> Iterator[bytes]:
    """nodes.csv and edges.csv in one zip archive, yielded as it is written."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table in TABLES:
            with archive.open(f"{table}.csv", "w", force_zip64=True) as member:
                for chunk in table_chunks(graph, table):
                    member.write(chunk.encode("utf-8"))
                    yield sink.take()
    yield sink.take()
