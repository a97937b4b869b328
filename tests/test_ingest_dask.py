"""Extraction on Dask (`kg ingest --scheduler`): a LocalCluster of two worker processes gives the store
one process gives, and extraction is streamed with a bounded number of batches in flight."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_ingest_bulk import quads
from test_ingest_resume import _articles

from kg.ingest import load_paths
from kg.operations import ingest
from kg.pipeline import _in_order
from kg.rdf.store import OxigraphStore


def test_batches_in_flight_are_bounded() -> None:
    read: list[int] = []
    taken: list[int] = []

    def batches():  # type: ignore[no-untyped-def]
        for n in range(10):
            read.append(n)
            assert len(read) - len(taken) <= 3, "read more than three batches ahead of the writer"
            yield [n]

    for result in _in_order(batches(), lambda batch: batch, lambda batch: batch, in_flight=3):
        taken.append(result)
    assert taken == list(range(10))  # input order


def test_a_local_cluster_gives_the_store_of_one_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        extractor, resolvers, iris) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("distributed")
    from kg.cli import main

    folder = _articles(tmp_path, records=6)
    one = OxigraphStore(None)
    ingest(load_paths([folder]), one, extractor, resolvers, iris)

    monkeypatch.setenv("KG_EXTRACTOR", extractor.name)  # the workers build the fixture's extractor
    store = tmp_path / "store"
    assert main(["--store", str(store), "ingest", "--quiet", "--scheduler", "local", "--workers", "2",
                 str(folder)]) == 0
    out = capsys.readouterr().out
    assert "7 articles (7 new or changed" in out and "0 errors" in out and "(bulk)" in out
    reopened = OxigraphStore(store, read_only=True)
    try:
        assert quads(reopened) == quads(one)
    finally:
        reopened.close()
