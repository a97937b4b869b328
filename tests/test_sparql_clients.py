"""Real SPARQL clients (SPARQLWrapper, rdflib's SPARQLStore) against a running server, every format."""

from __future__ import annotations

import csv
import io
import socket
import threading
import time
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
import uvicorn
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from api.app import create_app
from kg.settings import load_config

CLAIMS = "PREFIX cg: <https://claimgraph.org/ontology#> SELECT ?c ?t WHERE { ?c a cg:Claim ; " \
         "<http://schema.org/text> ?t } ORDER BY ?c"
CONSTRUCT = "PREFIX cg: <https://claimgraph.org/ontology#> CONSTRUCT { ?c a cg:Claim } WHERE { ?c a cg:Claim }"
CLAIM_COUNT = 6


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def endpoint(handmade_store) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The app under uvicorn on a free local port, for the module; stopped after."""
    port = _free_port()
    app = create_app(load_config({"store": "memory"}, environ={}), handmade_store)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "the server did not start"
    yield f"http://127.0.0.1:{port}/sparql"
    server.should_exit = True
    thread.join(10)


def _wrapper(endpoint: str, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    return client


@pytest.mark.parametrize("method", ["GET", POST])
def test_sparqlwrapper_select_json(endpoint: str, method: str) -> None:
    result = _wrapper(endpoint, CLAIMS, JSON, method).queryAndConvert()
    assert isinstance(result, dict) and len(result["results"]["bindings"]) == CLAIM_COUNT


def test_sparqlwrapper_select_xml(endpoint: str) -> None:
    document = _wrapper(endpoint, CLAIMS, XML).queryAndConvert()
    assert len(document.getElementsByTagName("result")) == CLAIM_COUNT  # type: ignore[union-attr]


@pytest.mark.parametrize(("fmt", "delimiter"), [(CSV, ","), (TSV, "\t")])
def test_sparqlwrapper_select_csv_tsv(endpoint: str, fmt: str, delimiter: str) -> None:
    body = _wrapper(endpoint, CLAIMS, fmt).queryAndConvert()
    rows = list(csv.reader(io.StringIO(body.decode("utf-8")), delimiter=delimiter))  # type: ignore[union-attr]
    assert rows[0] in (["c", "t"], ["?c", "?t"]) and len(rows) == CLAIM_COUNT + 1


@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_ask(endpoint: str, fmt: str) -> None:
    result = _wrapper(endpoint, "ASK { ?s a <https://claimgraph.org/ontology#Claim> }", fmt).queryAndConvert()
    if fmt == JSON:
        assert result["boolean"] is True  # type: ignore[index]
    elif fmt == XML:
        assert result.getElementsByTagName("boolean")[0].firstChild.data == "true"  # type: ignore[union-attr]
    else:
        assert b"true" in result  # type: ignore[operator]


@pytest.mark.parametrize(("fmt", "media"), [(TURTLE, "text/turtle"), (N3, "text/turtle"),
                                            (RDFXML, "application/rdf+xml"), (JSONLD, "application/ld+json")])
def test_sparqlwrapper_construct(endpoint: str, fmt: str, media: str) -> None:
    response = _wrapper(endpoint, CONSTRUCT, fmt).query()
    assert response.response.headers.get_content_type() == media
    triples = list(ox.parse(response.response.read(), format=ox.RdfFormat.from_media_type(media)))
    assert len(triples) == CLAIM_COUNT


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")  # inside SPARQLWrapper
def test_sparqlwrapper_rdfxml_converts_to_a_graph(endpoint: str) -> None:
    graph = _wrapper(endpoint, CONSTRUCT, RDFXML).queryAndConvert()
    assert isinstance(graph, Graph) and len(graph) == CLAIM_COUNT


@pytest.mark.parametrize("fmt", ["xml", "json", "csv"])
def test_rdflib_sparqlstore_select(endpoint: str, fmt: str) -> None:
    store = SPARQLStore(endpoint, returnFormat=fmt)
    rows = list(Graph(store=store).query(CLAIMS))
    assert len(rows) == CLAIM_COUNT and all(str(row[0]).startswith("https://claimgraph.org/id/claim/")
                                            for row in rows)


def test_rdflib_sparqlstore_graph_api(endpoint: str) -> None:
    graph = Graph(store=SPARQLStore(endpoint))
    sohr = URIRef("https://claimgraph.org/id/agent/sohr")
    labels = list(graph.objects(sohr, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")))
    assert [str(label) for label in labels] == ["SOHR"]
    assert bool(graph.query("ASK { ?s ?p ?o }")) is True
    built = graph.query(CONSTRUCT)
    assert len(built.graph) == CLAIM_COUNT  # type: ignore[arg-type]
