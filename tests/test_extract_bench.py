"""The extraction benchmark reports both runs over the same articles (figures, not timings, asserted)."""

from __future__ import annotations

from kg.extract.bench import Speed, bench_extract, format_bench
from kg.ingest import load_paths


def test_bench_runs_parse_and_pipeline_over_the_same_text(extractor, resolvers) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    seeds = Path(__file__).resolve().parents[1] / "seeds"
    articles = [a for a in load_paths([seeds]) if not isinstance(a, Exception)] * 2
    result = bench_extract(articles, [extractor], resolvers, batch_size=2)
    parse, run = result["spacy_parse"], result["pipelines"]["rules"]
    full = run["speed"]
    assert isinstance(parse, Speed) and isinstance(full, Speed)
    assert parse.articles == full.articles == len(articles)
    assert parse.chars == full.chars == sum(len(a.text) for a in articles)
    assert run["claims"] == 2 * len(extractor(articles[0]))
    peaks = run["peak_rss_mb_by_quarter"]  # sampled as the run goes: one per quarter reached (here 1 and 2)
    assert len(peaks) == 2 and 0 < peaks[0] <= peaks[1] <= result["max_rss_mb"]
    text = format_bench(result)
    assert "spacy_parse" in text and "rules" in text and "of bare spaCy" in text
    assert "peak RSS after each quarter" in text


def test_bench_command_times_worker_processes_with_and_without_their_start(capsys) -> None:  # type: ignore[no-untyped-def]
    from conftest import shared_path

    from kg.cli import main

    corpus = shared_path("corpus", "fa-kes", "articles.jsonl")
    assert main(["bench", "extract", "--corpus", str(corpus), "--limit", "40", "--workers", "2",
                 "--extractors", "rules,neural"]) == 0
    out = capsys.readouterr().out
    assert "40 articles" in out and "of bare spaCy" in out
    assert any(line.startswith("neural ") for line in out.splitlines())
    workers = next(line for line in out.splitlines() if line.startswith("neural x2"))
    assert "model loading included" in workers and "x one process" in workers
    assert "chars/s once the first results are back" in out
