"""Whole pages kept until the next write: a second reader gets the same bytes without any query, a
write is seen at once, each Accept has its own answer, and jobs, SPARQL and errors are never kept."""

from __future__ import annotations

import pytest
from apiclient import Client

from api.app import create_app
from api.page_cache import PageCache, cacheable
from kg.rdf.evaluator import IsolatedStore
from kg.settings import load_config


def _page_cache(app) -> PageCache:  # type: ignore[no-untyped-def]
    layer = app.middleware_stack
    while not isinstance(layer, PageCache):
        layer = layer.app
    return layer


@pytest.fixture()
def served():  # type: ignore[no-untyped-def]
    app = create_app(load_config({"store": "memory"}, environ={}))
    client = Client(app)
    client.get("/health")  # builds the middleware stack
    yield app, client
    app.state.ctx.store.close()


def _insert(store: IsolatedStore, n: int) -> None:
    store.update("PREFIX schema: <http://schema.org/> INSERT DATA { GRAPH <https://claimgraph.org/id/graph/t> { "
                 f"<https://claimgraph.org/id/agent/a{n}> schema:name 'Agent {n}' }} }}")


def test_a_second_reader_gets_the_kept_page_without_a_query_and_a_write_retires_it(served) -> None:  # type: ignore[no-untyped-def]
    app, client = served
    store = app.state.ctx.store
    assert isinstance(store, IsolatedStore)
    first = client.get("/incidents", headers={"Accept": "application/json"})
    assert first.status_code == 200
    evaluated = len(store.evaluator.pids)
    again = client.get("/incidents", headers={"Accept": "application/json"})
    assert again.content == first.content and len(store.evaluator.pids) == evaluated  # no query at all
    assert _page_cache(app).hits == 1
    assert again.headers["x-content-type-options"] == "nosniff"  # the headers of every response still set
    html = client.get("/incidents", headers={"Accept": "text/html"})
    assert html.headers["content-type"].startswith("text/html")  # each Accept its own answer
    _insert(store, 1)  # a write: the next reader gets a page made after it
    client.get("/incidents", headers={"Accept": "application/json"})
    assert _page_cache(app).hits == 1 and len(store.evaluator.pids) > evaluated


def test_only_the_read_routes_are_kept() -> None:
    def scope(method: str, path: str) -> dict[str, object]:
        return {"type": "http", "method": method, "path": path}

    for path in ("/", "/incidents", "/incidents/abc/claims", "/claims", "/sources/agent/sohr", "/compare",
                 "/articles/x", "/id/claim/a/1-2"):
        assert cacheable(scope("GET", path)), path
    for path in ("/jobs/1", "/sparql", "/export/claims.csv", "/queries/x", "/health", "/openapi.json",
                 "/docs", "/static/style.css", "/incidentsx"):
        assert not cacheable(scope("GET", path)), path
    assert not cacheable(scope("POST", "/articles"))


def test_errors_are_not_kept(served) -> None:  # type: ignore[no-untyped-def]
    app, client = served
    assert client.get("/incidents/nothing-here", headers={"Accept": "application/json"}).status_code == 404
    assert client.get("/incidents/nothing-here", headers={"Accept": "application/json"}).status_code == 404
    assert _page_cache(app).hits == 0
