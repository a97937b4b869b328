"""The store contract over real SPARQL 1.1 servers, each test against Oxigraph's server and Virtuoso
(skipped when one is not installed): what ingest writes, writes in chunks, the graphs a store counts,
errors."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import BASE, REMOTE_KINDS, SEEDS, remote_store
from rdflib import Graph, Literal, URIRef

from kg.errors import QueryError, StoreError
from kg.ingest import load_paths
from kg.operations import ingest
from kg.rdf.store import OxigraphStore, RemoteStore, Store

pytestmark = pytest.mark.server


@pytest.fixture(params=REMOTE_KINDS)
def remote(request: pytest.FixtureRequest) -> RemoteStore:
    """An empty RemoteStore on each server in turn."""
    return remote_store(request, request.param)  # type: ignore[no-any-return]


def _triples(store: Store) -> set[tuple[str, str, str, str]]:
    rows = store.select("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
                        f"FILTER(STRSTARTS(STR(?g), {Literal(BASE).n3()})) }}")
    return {(str(r["g"]), str(r["s"]), str(r["p"]), r["o"].n3()) for r in rows}


def _numbered(name: str, count: int) -> Graph:
    graph = Graph()
    for i in range(count):
        graph.add((URIRef(f"{BASE}thing/{i}"), URIRef(f"{BASE}ontology#{name}"), Literal(f"{name} {i}")))
    return graph


def test_remote_store_holds_what_the_embedded_store_holds(
        remote: RemoteStore, extractor, resolvers, iris) -> None:  # type: ignore[no-untyped-def]
    local = OxigraphStore(None)
    first = ingest(load_paths([SEEDS]), remote, extractor, resolvers, iris)
    ingest(load_paths([SEEDS]), local, extractor, resolvers, iris)
    assert first.changed == 1
    remote_triples, local_triples = _triples(remote), _triples(local)
    timeless = {t for t in local_triples if "endedAtTime" not in t[2]}
    assert timeless <= remote_triples and len(remote_triples) == len(local_triples)
    # re-ingesting an unchanged article is a no-op on the server too
    again = ingest(load_paths([SEEDS]), remote, extractor, resolvers, iris)
    assert again.changed == 0 and _triples(remote) == remote_triples
    assert len(remote) == len(local)
    assert set(remote.named_graphs()) == set(local.named_graphs())


def test_remote_store_reports_malformed_queries(remote: RemoteStore) -> None:
    with pytest.raises(QueryError, match="400"):
        remote.query("SELECT WHERE {")


def test_a_large_graph_is_written_in_chunks_and_replaced_whole(remote: RemoteStore) -> None:
    name = URIRef(f"{BASE}graph/large")
    large = _numbered("first", 12_000)  # Virtuoso refuses this many in one INSERT DATA
    remote.replace_graph(name, large)
    assert set(remote.graph(name)) == set(large) and len(remote) == 12_000
    small = _numbered("second", 1_500)  # two chunks: the first one's DROP removes all of `large`
    remote.replace_graph(name, small)
    assert set(remote.graph(name)) == set(small) and len(remote) == 1_500


def test_virtuoso_refuses_one_request_of_many_triples(request: pytest.FixtureRequest) -> None:
    """Why RemoteStore writes in chunks: Virtuoso's SPARQL parser runs out of memory on one INSERT DATA
    of some thousands of triples."""
    store = remote_store(request, "virtuoso")
    unchunked = RemoteStore(store.query_url, chunk_triples=20_000, graph_prefix=BASE)
    with pytest.raises(StoreError, match="400"):
        unchunked.replace_graph(URIRef(f"{BASE}graph/large"), _numbered("first", 12_000))
    assert len(store) == 0


def test_a_write_cut_off_midway_is_written_again_by_the_next_ingest(
        remote: RemoteStore, extractor, resolvers, iris, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    article = iris.article_graph("000_e7699034f6b04b7f")
    cut = RemoteStore(remote.query_url, remote.update_url, chunk_triples=100, graph_prefix=BASE)
    post = cut._post

    def failing(url: str, data: dict[str, str] | list[tuple[str, str]], accept: str) -> tuple[str, bytes]:
        if dict(data).get("update", "").startswith(f"INSERT DATA {{ GRAPH <{article}>"):  # its second chunk
            raise StoreError(f"{url} went away")
        return post(url, data, accept)

    monkeypatch.setattr(cut, "_post", failing)
    with pytest.raises(StoreError, match="went away"):
        ingest(load_paths([SEEDS]), cut, extractor, resolvers, iris)
    assert 0 < len(remote.graph(article)) <= 100  # the first chunk only, without the content hash
    again = ingest(load_paths([SEEDS]), remote, extractor, resolvers, iris)
    assert again.changed == 1 and again.relinked
    local = OxigraphStore(None)
    ingest(load_paths([SEEDS]), local, extractor, resolvers, iris)
    timeless = {t for t in _triples(local) if "endedAtTime" not in t[2]}
    assert timeless <= _triples(remote) and len(remote) == len(local)


def test_only_the_projects_graphs_are_counted(remote: RemoteStore) -> None:
    remote.update('INSERT DATA { GRAPH <urn:elsewhere:graph> { <urn:elsewhere:s> <urn:elsewhere:p> "o" } }')
    remote.replace_graph(URIRef(f"{BASE}graph/ours"), _numbered("ours", 3))
    try:
        assert remote.named_graphs() == [URIRef(f"{BASE}graph/ours")] and len(remote) == 3
        everything = RemoteStore(remote.query_url, remote.update_url)
        assert URIRef("urn:elsewhere:graph") in everything.named_graphs() and len(everything) >= 4
    finally:
        remote.update("DROP SILENT GRAPH <urn:elsewhere:graph>")


class _CutAnswer(BaseHTTPRequestHandler):
    """Answers every query as Virtuoso does past its ResultSetMaxRows: the first rows and a header."""

    def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
        self.rfile.read(int(self.headers["Content-Length"]))
        body = b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "uri", "value": "urn:a"}}]}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("X-SPARQL-MaxRows", "1")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the signature of the base
        pass


@pytest.fixture
def cutting_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _CutAnswer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_an_answer_the_server_cut_is_an_error_not_a_short_result(cutting_server: str) -> None:
    with pytest.raises(StoreError, match="ResultSetMaxRows"):
        RemoteStore(cutting_server).select("SELECT ?s WHERE { ?s ?p ?o }")
