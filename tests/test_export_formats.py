"""GEXF 1.3 (schema-valid, read back by networkx), GraphML (igraph and networkx), CSV tables."""

from __future__ import annotations

import csv
import io
import itertools
import math
import zipfile
from typing import Any

import igraph
import networkx as nx
import pytest
from conftest import shared_path
from export_sample import build_sample_store
from lxml import etree

from kg.export import build_view, csv_zip, gexf_chunks, graphml_chunks, iter_gexf, parse_filters, table_chunks
from kg.export.attrs import Attr, Schema, format_list, infer_schema, parse_list
from kg.export.timeline import interval, merge, timeset

VIEWS = ("sources", "incidents", "claims")


@pytest.fixture(scope="module")
def sample(iris):  # type: ignore[no-untyped-def]
    return build_sample_store(iris)


@pytest.fixture(scope="module")
def graphs(sample, iris) -> dict[str, nx.MultiDiGraph]:  # type: ignore[no-untyped-def]
    made = {view: build_view(sample, iris, view) for view in VIEWS}
    made["sources-filtered"] = build_view(sample, iris, "sources", parse_filters(since="2018-11-19", place="Syria"))
    return made


@pytest.fixture(scope="module")
def gexf_schema() -> etree.XMLSchema:
    # loaded by path, so that its include and imports (dynamics.xsd, viz.xsd) resolve beside it
    return etree.XMLSchema(etree.parse(str(shared_path("schemas", "gexf-1.3", "gexf.xsd"))))


def _gexf(graph: nx.Graph) -> bytes:
    return "".join(gexf_chunks(graph)).encode("utf-8")


def _expected(data: dict[str, Any], schema_kinds: dict[str, str]) -> dict[str, Any]:
    """Attribute values as a reader gives them back: lists as list literals."""
    return {k: format_list(v) if schema_kinds.get(k) == "liststring" else v for k, v in data.items()}


@pytest.mark.parametrize("name", [*VIEWS, "sources-filtered"])
def test_gexf_is_valid_against_the_gexf_1_3_schema(graphs, gexf_schema, name) -> None:  # type: ignore[no-untyped-def]
    document = etree.fromstring(_gexf(graphs[name]))
    assert gexf_schema.validate(document), gexf_schema.error_log
    ns = {"g": "http://gexf.net/1.3"}
    graph = document.find("g:graph", ns)
    assert (document.get("version"), graph.get("mode"), graph.get("timeformat")) == ("1.3", "dynamic", "date")
    assert {a.get("title"): a.get("type") for a in graph.findall("g:attributes/g:attribute", ns)}["type"] == "string"
    node = document.find(".//g:node", ns)
    assert node.find("g:color", ns) is not None and node.find("g:size", ns) is not None


@pytest.mark.parametrize("name", VIEWS)
def test_gexf_reads_back_with_networkx(graphs, name) -> None:  # type: ignore[no-untyped-def]
    graph = graphs[name]
    back = nx.read_gexf(io.BytesIO(_gexf(graph)))
    assert (back.number_of_nodes(), back.number_of_edges()) == (graph.number_of_nodes(), graph.number_of_edges())
    assert back.graph["mode"] == "dynamic"
    schema = infer_schema((d for _, d in graph.nodes(data=True)), (d for _, _, d in graph.edges(data=True)))
    node_kinds = {a.name: a.kind for a in schema.nodes}
    for node, data in graph.nodes(data=True):
        assert {k: v for k, v in back.nodes[node].items()} == _expected(data, node_kinds)
    edge_kinds = {a.name: a.kind for a in schema.edges}
    back_edges = {d["id"]: (u, v, d) for u, v, d in back.edges(data=True)}
    for index, (u, v, data) in enumerate(graph.edges(data=True)):
        bu, bv, bdata = back_edges[str(index)]
        assert (bu, bv) == (u, v)
        assert {k: x for k, x in bdata.items() if k != "id"} == _expected(data, edge_kinds)


def test_gexf_lists_are_list_literals(graphs) -> None:  # type: ignore[no-untyped-def]
    back = nx.read_gexf(io.BytesIO(_gexf(graphs["incidents"])))
    assert parse_list(back.nodes["incident/i1"]["places"]) == ["Abu Hassan", "Al-Buqa'an"]
    document = etree.fromstring(_gexf(graphs["incidents"]))
    types = {a.get("title"): a.get("type") for a in document.iter("{http://gexf.net/1.3}attribute")}
    assert types["places"] == "liststring" and types["claims"] == "integer"


@pytest.mark.parametrize("name", VIEWS)
def test_graphml_reads_back_with_igraph_and_networkx(graphs, tmp_path, name) -> None:  # type: ignore[no-untyped-def]
    graph = graphs[name]
    path = tmp_path / f"{name}.graphml"
    path.write_text("".join(graphml_chunks(graph)), encoding="utf-8")
    loaded = igraph.Graph.Read_GraphML(str(path))
    assert (loaded.vcount(), loaded.ecount()) == (graph.number_of_nodes(), graph.number_of_edges())
    assert loaded.is_directed()
    by_id = {v["id"]: v.attributes() for v in loaded.vs}
    for node, data in graph.nodes(data=True):
        got = by_id[node]
        for key, value in data.items():
            if key == "spells":
                assert got["timeset"] == timeset(value)
            elif isinstance(value, list):
                assert parse_list(got[key]) == value
            else:
                assert got[key] == value, (node, key)
    back = nx.read_graphml(path)
    assert (back.number_of_nodes(), back.number_of_edges()) == (graph.number_of_nodes(), graph.number_of_edges())
    for u, v, data in back.edges(data=True):
        assert graph.has_edge(u, v)
        assert data["relation"] in {d["relation"] for d in graph.get_edge_data(u, v).values()}


def test_igraph_sees_edge_weights(graphs, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "sources.graphml"
    path.write_text("".join(graphml_chunks(graphs["sources"])), encoding="utf-8")
    loaded = igraph.Graph.Read_GraphML(str(path))
    ids = loaded.vs["id"]
    sohr_afp = loaded.es.find(_source=ids.index("agent/sohr"), _target=ids.index("agent/afp"))
    assert sohr_afp["weight"] == 2.0 and sohr_afp["relation"] == "reported_via"


def test_csv_tables_for_gephi(graphs) -> None:  # type: ignore[no-untyped-def]
    graph = graphs["sources"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(csv_zip(graph))))
    assert archive.namelist() == ["nodes.csv", "edges.csv"]
    nodes = list(csv.DictReader(io.StringIO(archive.read("nodes.csv").decode())))
    edges = list(csv.DictReader(io.StringIO(archive.read("edges.csv").decode())))
    assert (len(nodes), len(edges)) == (graph.number_of_nodes(), graph.number_of_edges())
    assert list(nodes[0])[:3] == ["Id", "Label", "Type"] and list(nodes[0])[-1] == "Timeset"
    assert list(edges[0])[:7] == ["Source", "Target", "Type", "Id", "Label", "Weight", "Kind"]
    sohr = next(n for n in nodes if n["Id"] == "agent/sohr")
    assert (sohr["Label"], sohr["Type"], sohr["role"]) == ("Syrian Observatory for Human Rights", "agent", "monitor")
    assert sohr["Timeset"] == "<[2018-11-18, 2018-11-18]; [2018-12-02, 2018-12-02]>"
    chain = next(e for e in edges if (e["Source"], e["Target"]) == ("agent/sohr", "agent/afp"))
    assert (chain["Type"], chain["Weight"], chain["Kind"]) == ("Directed", "2.0", "reported_via")
    assert "".join(table_chunks(graph, "nodes")) == archive.read("nodes.csv").decode()


def test_list_literals_round_trip_awkward_text() -> None:
    values = ["plain", "with, comma", 'say "hi"', "[bracket]", "back\\slash", " padded ", ""]
    assert parse_list(format_list(values)) == values
    assert format_list(["a", "b"]) == "[a, b]"
    assert parse_list("[]") == []


def test_text_that_xml_cannot_carry_is_dropped(gexf_schema) -> None:  # type: ignore[no-untyped-def]
    graph = nx.MultiDiGraph()
    graph.add_node("a\x01", label="bad \x0b byte & <tag> \"q\"\nline", type="agent", tags=["x\x02", "y"])
    graph.add_edge("a\x01", "b", key="r", relation="r", weight=1, note="tab\there")
    document = etree.fromstring(_gexf(graph))
    assert gexf_schema.validate(document), gexf_schema.error_log
    back = nx.read_gexf(io.BytesIO(_gexf(graph)))
    assert back.nodes["a"]["label"] == "bad  byte & <tag> \"q\"\nline"
    assert parse_list(back.nodes["a"]["tags"]) == ["x", "y"]
    assert back.edges["a", "b"]["note"] == "tab\there"


def test_gexf_is_written_as_a_stream() -> None:
    """Nodes are consumed as the document is produced: memory does not hold the whole graph."""
    consumed = itertools.count()

    def nodes():  # type: ignore[no-untyped-def]
        for i in range(50_000):
            next(consumed)
            yield f"n{i}", {"type": "agent", "claims": i}

    chunks = iter_gexf(nodes(), iter(()), Schema((Attr("type", "string"), Attr("claims", "integer"))))
    next(chunks)
    first_nodes = next(chunks)
    assert "<node " in first_nodes and next(consumed) < 10_000


def test_schema_inference_widens_numbers_and_refuses_mixtures() -> None:
    schema = infer_schema([{"n": 1}, {"n": 2**40}, {"x": 1}, {"x": 0.5}, {"flag": True}], [])
    assert {a.name: a.kind for a in schema.nodes} == {"n": "long", "x": "double", "flag": "boolean"}
    with pytest.raises(Exception, match="both"):
        infer_schema([{"n": 1}, {"n": "one"}], [])
    with pytest.raises(Exception, match="non-finite"):
        "".join(iter_gexf([("a", {"x": math.inf})], [], Schema((Attr("x", "double"),))))


def test_dates_become_spells() -> None:
    assert interval("2018-11-17") == ("2018-11-17", "2018-11-17")
    assert interval("2018-02") == ("2018-02-01", "2018-02-28")
    assert interval("2016") == ("2016-01-01", "2016-12-31")
    assert interval("Saturday") is None and interval(None) is None
    assert merge([("2018-11-18", "2018-11-18"), ("2018-11-17", "2018-11-17"), ("2018-12-01", "2018-12-02")]) == [
        ("2018-11-17", "2018-11-18"), ("2018-12-01", "2018-12-02")]
