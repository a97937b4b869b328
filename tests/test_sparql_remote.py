"""The same code over a real SPARQL 1.1 server (Oxigraph's server from the `oxigraph` package):
RemoteStore writes and reads, and the API serves from it. Skipped when the server is not installed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from apiclient import Client
from conftest import running_sparql_server
from handmade import build, write

from api.app import create_app
from kg.rdf.store import RemoteStore
from kg.settings import load_config

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with running_sparql_server() as base:
        yield base


@pytest.fixture(scope="module")
def remote(server: str, iris) -> RemoteStore:  # type: ignore[no-untyped-def]
    store = RemoteStore(server + "/query", server + "/update")
    write(store, iris)
    return store


def test_remote_store_holds_what_the_writer_wrote(remote: RemoteStore, iris) -> None:  # type: ignore[no-untyped-def]
    local = build(iris)
    assert len(remote) == len(local)
    assert remote.named_graphs() == local.named_graphs()


def test_api_over_the_remote_store(remote: RemoteStore, handmade_store) -> None:  # type: ignore[no-untyped-def]
    config = load_config({"store": "memory"}, environ={})
    over_remote = Client(create_app(config, remote))
    over_local = Client(create_app(config, handmade_store))
    path = "/incidents/2018-11-17-al-buqaan/claims"
    assert over_remote.get(path).json() == over_local.get(path).json()
    query = "SELECT ?c WHERE { ?c a <https://claimgraph.org/ontology#Claim> } ORDER BY ?c"
    rows = over_remote.get("/sparql", params={"query": query}).json()["results"]["bindings"]
    assert len(rows) == 6
    csv = over_remote.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    assert csv.text == over_local.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"}).text
    agents = "https://claimgraph.org/id/graph/agents"
    only = over_remote.get("/sparql", params={"query": query, "default-graph-uri": agents})
    assert only.json()["results"]["bindings"] == []
