"""GraphML for tools other than Gephi (igraph, networkx, Cytoscape, yEd), streamed like the GEXF.

GraphML has no lists and no time: list attributes become their GEXF list literal (`[a, b]`), and
spells become a `timeset` string in Gephi's interval notation. Labels are a `label` attribute and
edge weights a `weight` attribute.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import networkx as nx

from kg.export.attrs import Attr, Schema, format_value
from kg.export.gexf import CHUNK, EdgeRow, NodeRow, graph_rows, graph_schema, quote
from kg.export.timeline import timeset

NS = "http://graphml.graphdrawing.org/xmlns"
GRAPHML_TYPES = {"boolean": "boolean", "integer": "int", "long": "long", "double": "double",
                 "string": "string", "liststring": "string"}


def graphml_schema(schema: Schema) -> Schema:
    """The GEXF schema plus what GraphML carries as plain attributes: label, weight, timeset."""
    nodes = (Attr("label", "string"), *schema.nodes, Attr("timeset", "string"))
    edges = (Attr("label", "string"), Attr("weight", "double"), *schema.edges, Attr("timeset", "string"))
    return Schema(nodes, edges)


def _flat(data: Mapping[str, Any]) -> dict[str, Any]:
    flat = dict(data)
    spells = flat.pop("spells", None)
    if spells:
        flat["timeset"] = timeset(spells)
    return flat


def _data(prefix: str, attrs: tuple[Attr, ...], data: Mapping[str, Any]) -> str:
    return "".join(f'<data key="{prefix}{i}">{quote(format_value(a.kind, data[a.name]))}</data>'
                   for i, a in enumerate(attrs) if data.get(a.name) is not None)


def _keys(cls: str, prefix: str, attrs: tuple[Attr, ...]) -> str:
    return "".join(f'<key id="{prefix}{i}" for="{cls}" attr.name="{quote(a.name)}" '
                   f'attr.type="{GRAPHML_TYPES[a.kind]}"/>\n' for i, a in enumerate(attrs))


def iter_graphml(nodes: Iterable[NodeRow], edges: Iterable[EdgeRow], schema: Schema, *,
                 directed: bool = True) -> Iterator[str]:
    """The GraphML document for nodes and edges given as streams; yields text chunks."""
    full = graphml_schema(schema)
    yield (f'<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="{NS}">\n'
           + _keys("node", "n", full.nodes) + _keys("edge", "e", full.edges)
           + f'<graph id="G" edgedefault="{"directed" if directed else "undirected"}">\n')
    buffer: list[str] = []
    for node_id, data in nodes:
        buffer.append(f'<node id="{quote(node_id)}">{_data("n", full.nodes, _flat(data))}</node>\n')
        if len(buffer) >= CHUNK:
            yield "".join(buffer)
            buffer.clear()
    for index, (source, target, data) in enumerate(edges):
        buffer.append(f'<edge id="e{index}" source="{quote(source)}" target="{quote(target)}">'
                      f'{_data("e", full.edges, _flat(data))}</edge>\n')
        if len(buffer) >= CHUNK:
            yield "".join(buffer)
            buffer.clear()
    buffer.append("</graph>\n</graphml>\n")
    yield "".join(buffer)


def graphml_chunks(graph: nx.Graph[str]) -> Iterator[str]:
    """A networkx graph (as the views build them) as GraphML text chunks."""
    nodes, edges = graph_rows(graph)
    return iter_graphml(nodes, edges, graph_schema(graph), directed=graph.is_directed())
