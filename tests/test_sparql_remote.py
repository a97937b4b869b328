"""The same code over a real SPARQL 1.1 server (Oxigraph's server from the `oxigraph` package):
RemoteStore writes and reads, and the API serves from it. Skipped when the server is not installed."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from apiclient import Client
from handmade import build, write

from api.app import create_app
from kg.rdf.store import RemoteStore
from kg.settings import load_config

pytestmark = pytest.mark.server


def _binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    binary = _binary()
    if binary is None:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen([binary, "serve", "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                httpx.get(base + "/query", params={"query": "ASK {}"})
                break
            except httpx.TransportError:
                time.sleep(0.05)
        yield base
    finally:
        process.terminate()
        process.wait(10)


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
