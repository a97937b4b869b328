"""Bulk ingest (`BulkLoader`, Oxigraph's bulk loader) leaves the quads that one transaction per article
leaves: the seed and FA-KES records, in one batch and in many, with an article met twice in a run; a
stopped bulk load is finished by the next run, in bulk or not. Provenance times differ by design
(each graph says when it was written) and are compared without their value."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED, shared_path
from test_ingest_resume import _articles

import kg.operations
import kg.rdf.writer
from kg.errors import StoreError
from kg.ingest import load_paths
from kg.operations import PENDING, bulk_by_default, holds_articles, ingest
from kg.rdf.store import OxigraphStore, RemoteStore

ENDED = "<http://www.w3.org/ns/prov#endedAtTime>"


def quads(store: OxigraphStore) -> set[str]:
    """Every quad as N-Quads text, the object of a provenance time left out."""
    out = set()
    for quad in store.inner:
        text = str(quad)
        if str(quad.predicate) == ENDED:
            text = f"{quad.subject} {quad.predicate} ? {quad.graph_name}"
        out.add(text)
    return out


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _articles(tmp_path_factory.mktemp("bulk"), records=6)


@pytest.fixture(scope="module")
def expected(folder: Path, extractor, resolvers, iris) -> set[str]:  # type: ignore[no-untyped-def]
    store = OxigraphStore(None)
    report = ingest(load_paths([folder]), store, extractor, resolvers, iris, bulk=False)
    assert not report.bulk and report.articles == 7 and report.incidents > 0 and not report.errors
    return quads(store)


@pytest.mark.parametrize("batch_quads", [None, 1, 2000])
def test_bulk_leaves_the_quads_of_one_transaction_per_article(
        batch_quads: int | None, folder: Path, expected: set[str], monkeypatch: pytest.MonkeyPatch,
        extractor, resolvers, iris) -> None:  # type: ignore[no-untyped-def]
    if batch_quads:  # one batch per article, or a few articles a batch
        monkeypatch.setattr(kg.rdf.writer, "BULK_QUADS", batch_quads)
    loads = []
    bulk_load = OxigraphStore.bulk_load
    monkeypatch.setattr(OxigraphStore, "bulk_load", lambda self, data: loads.append(1) or bulk_load(self, data))
    store = OxigraphStore(None)
    assert bulk_by_default(store, iris)
    report = ingest(load_paths([folder]), store, extractor, resolvers, iris, bulk=None)
    assert report.bulk and report.changed == 7 and report.relinked and not report.errors
    assert report.triples > 0 and report.seconds.linking > 0
    if batch_quads == 2000:
        assert 1 < len(loads) < 7
    else:
        assert len(loads) == {None: 1, 1: 7}[batch_quads]
    assert quads(store) == expected
    assert not bulk_by_default(store, iris)  # articles stored: the next run writes in transactions
    again = ingest(load_paths([folder]), store, extractor, resolvers, iris, bulk=True)
    assert again.changed == 0 and not again.relinked and quads(store) == expected


def test_an_article_met_twice_in_a_bulk_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            extractor, resolvers, iris) -> None:  # type: ignore[no-untyped-def]
    """The same record twice, then with other metadata, in one batch and across batches."""
    with shared_path("corpus", "fa-kes", "articles.jsonl").open(encoding="utf-8") as lines:
        record = json.loads(lines.readline())
    retitled = {**record, "title": "Another title"}
    path = tmp_path / "twice.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in (record, record, retitled)), encoding="utf-8")
    normal = OxigraphStore(None)
    ingest(load_paths([path, SEED]), normal, extractor, resolvers, iris, bulk=False)
    for batch_quads in (None, 1):
        monkeypatch.setattr(kg.rdf.writer, "BULK_QUADS", batch_quads or 100_000)
        bulk = OxigraphStore(None)
        report = ingest(load_paths([path, SEED]), bulk, extractor, resolvers, iris, bulk=True)
        assert report.articles == 4 and report.changed == 3
        assert quads(bulk) == quads(normal)


def test_a_fresh_store_is_not_asked_about_each_article(folder: Path, expected: set[str],
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      extractor, resolvers, iris) -> None:  # type: ignore[no-untyped-def]
    """Into a store that held no article, an ingest in bulk compares with what it loaded itself."""
    asked: list[str] = []
    for module, name in ((kg.operations, "stored_text"), (kg.rdf.writer, "stored_hash")):
        original = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, _f=original, _n=name: asked.append(_n) or _f(*a))
    store = OxigraphStore(None)
    ingest(load_paths([folder]), store, extractor, resolvers, iris, bulk=None)
    assert quads(store) == expected
    assert asked.count("stored_text") == 0 and asked.count("stored_hash") <= 1  # the first, before any write
    asked.clear()
    again = ingest(load_paths([folder]), store, extractor, resolvers, iris, bulk=True)  # articles stored now
    assert again.changed == 0 and asked.count("stored_text") == 7 and quads(store) == expected


def test_holds_articles_sees_any_quad_of_an_article_graph(iris) -> None:  # type: ignore[no-untyped-def]
    store = OxigraphStore(None)
    assert not holds_articles(store, iris)
    store.update(f"INSERT DATA {{ GRAPH <{iris.graph('agents')}> {{ <urn:a> <urn:b> <urn:c> }} }}")
    assert not holds_articles(store, iris)
    # one quad of a graph a stopped bulk load left, without its type or hash
    store.update(f"INSERT DATA {{ GRAPH <{iris.article_graph('x')}> {{ <urn:a> <urn:b> <urn:c> }} }}")
    assert holds_articles(store, iris) and bulk_by_default(store, iris)


def test_bulk_needs_an_embedded_store(extractor, resolvers, iris) -> None:  # type: ignore[no-untyped-def]
    remote = RemoteStore("http://127.0.0.1:9/sparql")
    assert not bulk_by_default(remote, iris)
    with pytest.raises(StoreError, match="embedded store"):
        ingest([], remote, extractor, resolvers, iris, bulk=True)


STOPPED_AT = """
import os, signal, sys
import kg.rdf.writer
from kg.cli import main
from kg.rdf.store import OxigraphStore

store, folder, name, nth = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
kg.rdf.writer.BULK_QUADS = 1  # a batch per article
owner = OxigraphStore if name == "bulk_load" else kg.rdf.writer.BulkLoader
original = getattr(owner, name)
calls = 0

def killing(*args, **kwargs):
    global calls
    calls += 1
    result = original(*args, **kwargs)
    if calls == nth:
        os.kill(os.getpid(), signal.SIGKILL)
    return result

setattr(owner, name, killing)
sys.exit(main(["--store", store, "ingest", "--quiet", folder]))
"""

# (what the process is killed after, which call): the third article's graph loaded without its hash;
# a batch written whole, hashes included (a flush follows the agents, the places and the graph of each
# article: the seventh is about the third article's)
STOPS = {"graphs-without-hashes": ("bulk_load", 3), "after-a-batch": ("flush", 7)}


@pytest.mark.parametrize(("stop", "again"), [("graphs-without-hashes", "auto"), ("graphs-without-hashes", "bulk"),
                                             ("after-a-batch", "auto")])
def test_a_stopped_bulk_load_is_finished_by_the_next_run(
        stop: str, again: str, folder: Path, expected: set[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], extractor, iris) -> None:  # type: ignore[no-untyped-def]
    from kg.cli import main

    monkeypatch.setenv("KG_EXTRACTOR", extractor.name)
    store = tmp_path / "store"
    name, nth = STOPS[stop]
    killed = subprocess.run([sys.executable, "-c", STOPPED_AT, str(store), str(folder), name, str(nth)],
                            timeout=300, capture_output=True, text=True)
    assert killed.returncode == -9, f"not killed at {stop}: {killed.returncode}\n{killed.stderr[-2000:]}"
    half = OxigraphStore(store, read_only=True)
    try:
        assert quads(half) != expected
        assert any(PENDING in q for q in quads(half))
    finally:
        half.close()

    flags = ["--bulk"] if again == "bulk" else []
    assert main(["--store", str(store), "ingest", "--quiet", *flags, str(folder)]) == 0
    out = capsys.readouterr().out
    assert "7 articles" in out and ("(bulk)" in out) == (again == "bulk")
    reopened = OxigraphStore(store, read_only=True)
    try:
        assert quads(reopened) == expected
    finally:
        reopened.close()
