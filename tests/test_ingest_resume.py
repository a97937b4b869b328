"""Incident linking is recorded as pending before articles change and cleared when it ends, so a run
cut off between its article writes and the end of linking is finished by the next run, even when
that run has nothing new (incidents equal to an uninterrupted run). A real `kg ingest` killed at
several points is in tests/test_ingest_crash.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SEED, shared_path

import kg.operations
from kg.ingest import load_paths
from kg.operations import PENDING, ingest
from kg.rdf.store import OxigraphStore


def _graph(store: OxigraphStore, name: str) -> set[str]:
    return {str(q) for q in store.inner.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}")}


def _articles(tmp_path: Path, records: int = 6) -> Path:
    """A folder with the seed and the first `records` FA-KES articles (skips without ../shared)."""
    fakes = shared_path("corpus", "fa-kes", "articles.jsonl")
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder)
    with fakes.open(encoding="utf-8") as f:
        (folder / "fakes.jsonl").write_text("".join(next(f) for _ in range(records)), encoding="utf-8")
    return folder


def test_a_run_cut_off_before_linking_ends_is_finished_by_the_next(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extractor, resolvers, iris) -> None:  # type: ignore[no-untyped-def]
    folder = _articles(tmp_path)
    whole = OxigraphStore(None)
    report = ingest(load_paths([folder]), whole, extractor, resolvers, iris)
    assert report.incidents > 0 and not report.errors
    incidents = iris.graph("incidents")

    cut = OxigraphStore(None)

    def killed(*_: object) -> None:
        raise KeyboardInterrupt  # the process ends here: after the article writes, before linking ends

    monkeypatch.setattr(kg.operations, "relink", killed)
    with pytest.raises(KeyboardInterrupt):
        ingest(load_paths([folder]), cut, extractor, resolvers, iris)
    monkeypatch.undo()
    assert not _graph(cut, incidents) and _graph(cut, iris.graph(PENDING))

    again = ingest(load_paths([folder]), cut, extractor, resolvers, iris)
    assert again.changed == 0 and again.relinked and again.incidents == report.incidents
    assert _graph(cut, incidents) == _graph(whole, incidents)
    assert not _graph(cut, iris.graph(PENDING))
    assert not ingest(load_paths([folder]), cut, extractor, resolvers, iris).relinked  # done: nothing to redo


def test_a_store_left_without_incidents_by_an_older_run_is_linked_again(
        seed_store, extractor, resolvers, iris) -> None:  # type: ignore[no-untyped-def]
    store = OxigraphStore(None)
    store.inner.bulk_extend(seed_store.inner)
    expected = _graph(store, iris.graph("incidents"))
    assert expected
    store.update(f"DROP GRAPH <{iris.graph('incidents')}>")
    report = ingest(load_paths([SEED]), store, extractor, resolvers, iris)
    assert report.changed == 0 and report.relinked
    assert _graph(store, iris.graph("incidents")) == expected


def test_an_unchanged_run_does_not_link_again(seed_store, extractor, resolvers, iris) -> None:  # type: ignore[no-untyped-def]
    report = ingest(load_paths([SEED]), seed_store, extractor, resolvers, iris)
    assert report.changed == 0 and not report.relinked

