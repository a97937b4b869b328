"""The API benchmark runs end to end on the seed: ingests into a fresh store, serves it, times it."""

from __future__ import annotations

from conftest import SEEDS

from kg.cli import main


def test_bench_api_ingests_serves_and_prints_every_figure(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    store = tmp_path / "store"
    assert main(["bench", "api", "--corpus", str(SEEDS), "--store", str(store), "--runs", "2",
                 "--rdflib-runs", "1"]) == 0
    out = capsys.readouterr().out
    assert "ingested 1 articles" in out and "reads from an in-memory copy" in out
    assert "GET /incidents/" in out and "GET /claims?source=" in out
    for name in ("claims-per-article", "killed-by-outlet", "outlet-month", "one-outlet-claims"):
        line = next(line for line in out.splitlines() if line.startswith(name))
        assert len(line.split()) == 7  # endpoint, direct, rdflib, two ratios, rows
