"""`kg bench ingest` prints each stage and finds the same store with and without the bulk loader
(figures, not timings, asserted)."""

from __future__ import annotations

import pytest
from conftest import shared_path


def test_bench_ingest_times_extraction_and_both_writers(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], extractor) -> None:  # type: ignore[no-untyped-def]
    from kg.cli import main

    monkeypatch.setenv("KG_EXTRACTOR", extractor.name)
    corpus = shared_path("corpus", "fa-kes", "articles.jsonl")
    assert main(["bench", "ingest", "--corpus", str(corpus), "--limit", "16", "--workers", "1"]) == 0
    out = capsys.readouterr().out
    assert "16 articles of" in out and "extraction, 1 process:" in out
    bulk = next(line for line in out.splitlines() if line.startswith("writing, bulk loader"))
    each = next(line for line in out.splitlines() if line.startswith("writing, transactions"))
    assert "triples/s" in bulk and "16 articles" in bulk
    assert bulk.split("(")[1].split(" in ")[0] == each.split("(")[1].split(" in ")[0]  # the same quads


def test_bench_ingest_one_times_the_cli_and_post_articles(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], extractor) -> None:  # type: ignore[no-untyped-def]
    """`--one`: one article into a store of the seed, the dev folder and 3 FA-KES records, by `kg ingest`'s
    path and by POST /articles to `kg serve` (figures printed, not asserted)."""
    from kg.cli import main

    monkeypatch.setenv("KG_EXTRACTOR", extractor.name)
    corpus = shared_path("corpus", "fa-kes", "articles.jsonl")
    assert main(["bench", "ingest", "--corpus", str(corpus), "--one", "--others", "3"]) == 0
    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines() if line.startswith("  ")}
    assert "incremental:" in lines["linking"] and "the whole store" in lines["kg"]
    assert "answered 200; beyond extraction" in lines["POST"]
    assert "unchanged" in lines["the"] and "the first POST beyond them" in lines["the"]
