"""`kg export` and the /export router, over an on-disk and an in-memory store."""

from __future__ import annotations

import asyncio
import csv
import io
import zipfile
from typing import Any

import httpx
import networkx as nx
import pytest
from conftest import shared_path
from export_sample import build_sample_store
from lxml import etree

from api.app import create_app
from api.export import export_router
from kg.cli import main
from kg.commands.export import FORMAT_NAMES, TABLE_NAMES, VIEW_NAMES
from kg.export import FORMATS, VIEWS
from kg.export.tables import TABLES
from kg.settings import load_config


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory, iris):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("store")
    build_sample_store(iris, path).close()
    return path


class Client:
    """In-process HTTP against the app (httpx over ASGI), one request at a time."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def get(self, path: str, params: dict[str, str] | None = None) -> httpx.Response:
        async def fetch() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
                response = await http.get(path, params=params)
                await response.aread()
                return response

        return asyncio.run(fetch())


@pytest.fixture(scope="module")
def client(iris):  # type: ignore[no-untyped-def]
    store = build_sample_store(iris)
    app = create_app(load_config({"store": "memory"}, environ={}), store=store)
    app.include_router(export_router(store, iris))
    return Client(app)


def _valid_gexf(data: bytes) -> bool:
    schema = etree.XMLSchema(etree.parse(str(shared_path("schemas", "gexf-1.3", "gexf.xsd"))))
    return schema.validate(etree.fromstring(data))


def test_command_choices_match_the_library() -> None:
    assert (VIEW_NAMES, FORMAT_NAMES, TABLE_NAMES) == (tuple(VIEWS), FORMATS, TABLES)


def test_kg_export_writes_gexf(store_dir, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out.gexf"
    code = main(["--store", str(store_dir), "export", "--view", "sources", "--format", "gexf", "-o", str(out),
                 "--outlet", "Reuters"])
    assert code == 0
    graph = nx.read_gexf(out)
    assert set(graph.nodes) == {"agent/sohr", "agent/afp", "agent/sana", "outlet/reuters"}
    assert "4 nodes" in capsys.readouterr().err
    assert _valid_gexf(out.read_bytes())


def test_kg_export_format_from_suffix_and_tables(store_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    graphml = tmp_path / "claims.graphml"
    assert main(["--store", str(store_dir), "export", "--view", "claims", "-o", str(graphml),
                 "--place", "Idlib"]) == 0
    assert sum(1 for _, t in nx.read_graphml(graphml).nodes(data="type") if t == "claim") == 1
    archive = tmp_path / "incidents.zip"
    assert main(["--store", str(store_dir), "export", "--view", "incidents", "-o", str(archive)]) == 0
    assert zipfile.ZipFile(archive).namelist() == ["nodes.csv", "edges.csv"]
    edges = tmp_path / "edges.csv"
    assert main(["--store", str(store_dir), "export", "--view", "incidents", "--format", "csv", "--table", "edges",
                 "-o", str(edges)]) == 0
    assert edges.read_text().startswith("Source,Target,Type")


def test_kg_export_reports_bad_filters(store_dir, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--store", str(store_dir), "export", "--since", "yesterday"]) == 2
    assert "not a date" in capsys.readouterr().err


def test_api_streams_gexf(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/export/sources.gexf", params={"event_type": "shelling"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/gexf+xml")
    assert 'filename="sources.gexf"' in response.headers["content-disposition"]
    assert _valid_gexf(response.content)
    assert set(nx.read_gexf(io.BytesIO(response.content)).nodes) == {"agent/sohr", "agent/sana", "outlet/reuters"}


def test_api_graphml_and_csv(client) -> None:  # type: ignore[no-untyped-def]
    graphml = client.get("/export/incidents.graphml", params={"since": "2018-11-01", "until": "2018-11-30"})
    assert graphml.status_code == 200
    graph = nx.read_graphml(io.BytesIO(graphml.content))
    assert "incident/i5" not in graph and "incident/i1" in graph
    archive = client.get("/export/claims.csv")
    assert archive.headers["content-type"] == "application/zip"
    assert zipfile.ZipFile(io.BytesIO(archive.content)).namelist() == ["nodes.csv", "edges.csv"]
    nodes = client.get("/export/claims.csv", params={"table": "nodes", "outlet": "outlet/reuters"})
    assert nodes.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(nodes.text)))
    assert sum(1 for r in rows if r["Type"] == "claim") == 3


@pytest.mark.parametrize(("path", "params", "status"), [
    ("/export/everything.gexf", {}, 404),
    ("/export/sources.pdf", {}, 404),
    ("/export/sources.gexf", {"since": "tomorrow"}, 400),
    ("/export/sources.gexf", {"place": "Atlantis"}, 400),
    ("/export/sources.gexf", {"table": "nodes"}, 400),
])
def test_api_errors_are_problems(client, path, params, status) -> None:  # type: ignore[no-untyped-def]
    response = client.get(path, params=params)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"]
