"""An article stored under an id is replaced only when the caller says so (`kg ingest --replace`,
`POST /articles?replace=true`); otherwise another text under the same id is a conflict, reported
and skipped. The same article again changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from apiclient import Client
from conftest import SEED

from kg.cli import main
from kg.ingest import load_paths
from kg.operations import ingest, stored_text
from kg.rdf.store import OxigraphStore

TOKEN = "s3cret"
ONE_LINE = {"id": SEED.stem, "published": "2018-11-18", "text": "One line."}


def _kg(capsys: pytest.CaptureFixture[str], store: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--store", str(store), "ingest", "--quiet", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _text(store: Path) -> str | None:
    from kg.rdf.vocab import Iris

    return stored_text(OxigraphStore(store, read_only=True), Iris("https://claimgraph.org/id/"), SEED.stem)


def test_kg_ingest_reports_a_conflict_and_replaces_only_with_replace(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "store"
    record = tmp_path / "one_line.jsonl"
    record.write_text(json.dumps(ONE_LINE) + "\n", encoding="utf-8")
    assert _kg(capsys, store, str(SEED))[0] == 0

    code, out, err = _kg(capsys, store, str(record))
    assert code == 1 and "Traceback" not in err
    assert f"conflict: [E102] {record}:1: article '{SEED.stem}' is already stored with another text" in err
    assert "0 articles (0 new or changed, 0 replaced)" in out and "1 conflicts" in out
    assert _text(store) == SEED.read_text(encoding="utf-8")

    code, out, err = _kg(capsys, store, "--replace", str(record))
    assert code == 0, err
    assert "1 articles (1 new or changed, 1 replaced)" in out and "0 conflicts" in out
    assert _text(store) == "One line."

    code, out, err = _kg(capsys, store, str(record))  # the same article again: nothing to do
    assert code == 0 and "1 articles (0 new or changed, 0 replaced)" in out and "0 conflicts" in out


def test_the_same_article_again_is_idempotent(seed_store, extractor, resolvers, iris) -> None:  # type: ignore[no-untyped-def]
    report = ingest(load_paths([SEED]), seed_store, extractor, resolvers, iris)
    assert (report.articles, report.changed, report.replaced, report.conflicts, report.errors) == (1, 0, 0, [], [])


def test_in_one_run_a_later_text_under_an_id_is_a_conflict_unless_replace(
        tmp_path: Path, extractor, resolvers, iris) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "two.jsonl"
    path.write_text(json.dumps({"id": "x", "text": "Ten people were killed, the monitor said."}) + "\n"
                    + json.dumps({"id": "x", "text": "Five people were wounded, the monitor said."}) + "\n",
                    encoding="utf-8")
    store = OxigraphStore(None)
    report = ingest(load_paths([path]), store, extractor, resolvers, iris)
    assert report.articles == 1 and [c.origin for c in report.conflicts] == [f"{path}:2"]
    assert stored_text(store, iris, "x") == "Ten people were killed, the monitor said."
    store = OxigraphStore(None)
    report = ingest(load_paths([path]), store, extractor, resolvers, iris, replace=True)
    assert report.articles == 2 and not report.conflicts
    assert stored_text(store, iris, "x") == "Five people were wounded, the monitor said."


@pytest.fixture()
def ingest_client(extractor, resolvers, seed_store) -> Client:  # type: ignore[no-untyped-def]
    from api.app import create_app
    from kg.settings import load_config

    store = OxigraphStore(None)
    store.inner.bulk_extend(seed_store.inner)
    config = load_config({"store": "memory", "api_token": TOKEN}, environ={})
    return Client(create_app(config, store, pipeline=lambda: (extractor, resolvers)))


def test_post_reports_a_conflict_and_replaces_with_replace_true(ingest_client: Client) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    response = ingest_client.post("/articles", json=ONE_LINE, headers=auth)
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["articles"] == [] and data["replaced"] == 0 and "already stored" in data["conflicts"][0]
    assert ingest_client.get(f"/articles/{SEED.stem}").json()["text"] == SEED.read_text(encoding="utf-8")
    response = ingest_client.post("/articles?replace=true", json=ONE_LINE, headers=auth)
    assert response.status_code == 200, response.text
    assert response.json()["replaced"] == 1 and response.json()["conflicts"] == []
    assert ingest_client.get(f"/articles/{SEED.stem}").json()["text"] == "One line."
