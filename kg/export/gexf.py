"""GEXF 1.3, written as a stream of text chunks (memory stays flat however large the graph).

The output follows the GEXF 1.3 schema (`http://gexf.net/1.3`): attributes declared with types, a
node `type` attribute, `color` and `size` per node (the 1.3 schema puts them in the main
namespace), `kind` per edge (its relation) and `spells` from dates, in a `mode="dynamic"` graph
with `timeformat="date"` so Gephi's timeline can play it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import IO, Any

import networkx as nx

from kg.export.attrs import Attr, Schema, format_value, infer_schema
from kg.export.style import node_colour, node_size
from kg.export.timeline import Spell

NS = "http://gexf.net/1.3"
CHUNK = 2000  # elements per yielded chunk: few enough generator steps, small enough buffers

NodeRow = tuple[str, Mapping[str, Any]]
EdgeRow = tuple[str, str, Mapping[str, Any]]


_ESCAPES: dict[int, str | None] = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&quot;",
                                   ord("\n"): "&#10;", ord("\r"): "&#13;", ord("\t"): "&#9;"}
_ESCAPES.update({c: None for c in (*range(0x20), *range(0xD800, 0xE000), 0xFFFE, 0xFFFF) if c not in _ESCAPES})
SAFE_KINDS = frozenset({"boolean", "integer", "long", "double"})  # their text never needs escaping


def quote(value: object) -> str:
    """Text as the content of a double-quoted XML attribute (whitespace kept as character refs,
    characters XML cannot carry dropped)."""
    return (value if isinstance(value, str) else str(value)).translate(_ESCAPES)


Prepared = tuple[tuple[str, str, bool, str], ...]


def prepare(attrs: tuple[Attr, ...]) -> Prepared:
    """Per attribute: name, type, whether its text is always safe, and its `<attvalue ...` prefix."""
    return tuple((a.name, a.kind, a.kind in SAFE_KINDS, f'<attvalue for="{quote(a.name)}" value="') for a in attrs)


def _attvalues(prepared: Prepared, data: Mapping[str, Any]) -> str:
    values = [prefix + (format_value(kind, value) if safe else quote(format_value(kind, value))) + '"/>'
              for name, kind, safe, prefix in prepared if (value := data.get(name)) is not None]
    return "<attvalues>" + "".join(values) + "</attvalues>" if values else ""


def _spells(spells: Iterable[Spell] | None) -> str:
    items = "".join(f'<spell start="{a}" end="{b}"/>' for a, b in spells or ())
    return f"<spells>{items}</spells>" if items else ""


def _declare(cls: str, attrs: tuple[Attr, ...]) -> str:
    body = "".join(f'<attribute id="{quote(a.name)}" title="{quote(a.name)}" type="{a.kind}"/>' for a in attrs)
    return f'<attributes class="{cls}" mode="static">{body}</attributes>\n'


def node_xml(node_id: str, data: Mapping[str, Any], attrs: Prepared) -> str:
    r, g, b = node_colour(data)
    label = data.get("label")
    label_attr = f' label="{quote(label)}"' if label is not None else ""
    return (f'<node id="{quote(node_id)}"{label_attr}>{_attvalues(attrs, data)}{_spells(data.get("spells"))}'
            f'<color r="{r}" g="{g}" b="{b}"/><size value="{node_size(data)}"/></node>\n')


def edge_xml(index: int, source: str, target: str, data: Mapping[str, Any], attrs: Prepared) -> str:
    extra = ""
    if data.get("weight") is not None:
        extra += f' weight="{format_value("double", data["weight"])}"'
    if data.get("label") is not None:
        extra += f' label="{quote(data["label"])}"'
    if data.get("relation") is not None:
        extra += f' kind="{quote(data["relation"])}"'
    return (f'<edge id="{index}" source="{quote(source)}" target="{quote(target)}"{extra}>'
            f'{_attvalues(attrs, data)}{_spells(data.get("spells"))}</edge>\n')


def iter_gexf(
    nodes: Iterable[NodeRow],
    edges: Iterable[EdgeRow],
    schema: Schema,
    *,
    directed: bool = True,
    description: str = "",
) -> Iterator[str]:
    """The GEXF document for nodes and edges given as streams; yields text chunks."""
    edge_type = "directed" if directed else "undirected"
    yield (f'<?xml version="1.0" encoding="UTF-8"?>\n<gexf xmlns="{NS}" version="1.3">\n'
           f'<meta lastmodifieddate="{date.today().isoformat()}"><creator>claimgraph</creator>'
           f"<description>{quote(description)}</description></meta>\n"
           f'<graph mode="dynamic" timeformat="date" defaultedgetype="{edge_type}" idtype="string">\n'
           + _declare("node", schema.nodes) + _declare("edge", schema.edges) + "<nodes>\n")
    buffer: list[str] = []
    node_attrs, edge_attrs = prepare(schema.nodes), prepare(schema.edges)
    for node_id, data in nodes:
        buffer.append(node_xml(node_id, data, node_attrs))
        if len(buffer) >= CHUNK:
            yield "".join(buffer)
            buffer.clear()
    buffer.append("</nodes>\n<edges>\n")
    for index, (source, target, data) in enumerate(edges):
        buffer.append(edge_xml(index, source, target, data, edge_attrs))
        if len(buffer) >= CHUNK:
            yield "".join(buffer)
            buffer.clear()
    buffer.append("</edges>\n</graph>\n</gexf>\n")
    yield "".join(buffer)


def graph_rows(graph: nx.Graph[str]) -> tuple[Iterator[NodeRow], Iterator[EdgeRow]]:
    """A networkx graph's nodes and edges as the rows the writers take (lazily, for one pass)."""
    return iter(graph.nodes(data=True)), iter(graph.edges(data=True))


def graph_schema(graph: nx.Graph[str]) -> Schema:
    return infer_schema((d for _, d in graph.nodes(data=True)), (d for _, _, d in graph.edges(data=True)))


def gexf_chunks(graph: nx.Graph[str]) -> Iterator[str]:
    """A networkx graph (as the views build them) as GEXF 1.3 text chunks."""
    nodes, edges = graph_rows(graph)
    return iter_gexf(nodes, edges, graph_schema(graph), directed=graph.is_directed(),
                     description=str(graph.graph.get("description", "")))


def write_chunks(chunks: Iterable[str], out: str | Path | IO[bytes]) -> None:
    """Write text chunks as UTF-8 to a path or a binary stream."""
    if isinstance(out, str | Path):
        with open(out, "wb") as stream:
            write_chunks(chunks, stream)
        return
    for chunk in chunks:
        out.write(chunk.encode("utf-8"))


def write_gexf(graph: nx.Graph[str], out: str | Path | IO[bytes]) -> None:
    write_chunks(gexf_chunks(graph), out)
