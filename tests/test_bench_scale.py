"""`kg bench scale` end to end on two small synthetic corpora: every figure is printed for both sizes (figures,
never asserted against targets: those live in the benchmark's output, not in timed tests). And the gold claims
of sizes past --gold-above go through ingest as the claims, one stored claim per gold claim."""

from __future__ import annotations

import pytest

from kg.cli import main


def _numbers(row: str) -> list[float]:
    """The figures of a summary row ("1,234", "5.6 / 0.3 / 12.0"); fails on "n/a", "-" or words."""
    return [float(token.replace(",", "")) for token in row.replace(" / ", " ").split()]


def test_bench_scale_prints_every_figure_for_both_sizes(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["bench", "scale", "--articles", "30,60", "--runs", "3", "--rdflib-max", "60"])
    out = capsys.readouterr().out
    print(out)
    assert status == 0, out
    assert "NOT DONE" not in out and " failed: " not in out, out
    sections = out.split("\n== ")
    for size in ("30", "60"):
        section = next(s for s in sections if s.startswith(f"{size} articles: extracted"))
        for line in ("extraction", "loading", "incident linking", "ingest in all", "ingest peak RSS", "store on disk",
                     "kg serve ", "kg serve peak RSS"):
            assert f"\n{line}" in section, (size, line)
        for query in ("aggregate", "lookup", "chain"):  # HTTP, pyoxigraph and rdflib, then the rows
            row = next(r for r in section.splitlines() if r.startswith(f"SPARQL {query}"))
            assert len(_numbers(row.split("  ", 1)[1])) == 7, row
        assert "rdflib: the " in section
    summary = sections[-1]
    ingest_rows = [r for r in summary.splitlines() if r.split()[:1] in (["30"], ["60"]) and "extracted" in r]
    latency_rows = [r for r in summary.splitlines() if r.split()[:1] in (["30"], ["60"]) and "extracted" not in r]
    assert len(ingest_rows) == 2 and len(latency_rows) == 2, summary
    for row in ingest_rows:  # articles, claims, extraction/s, triples/s, ingest/s, quads, store, writer, worker, serve
        assert len(_numbers(row.replace("extracted", ""))) == 10, row
    for row in latency_rows:  # articles; two routes' and the random incidents' HTTP / direct; three queries' three
        assert len(_numbers(row)) == 1 + 3 * 2 + 3 * 3, row


def test_gold_claims_go_through_ingest_as_the_claims() -> None:
    from kg.commands.bench.scale import GoldClaims, gold_articles
    from kg.operations import ingest
    from kg.pipeline import Resolvers
    from kg.rdf.store import OxigraphStore
    from kg.rdf.vocab import CG, Iris
    from kg.resolve.agents import load_registry
    from kg.resolve.places import load_gazetteer
    from kg.synth.generate import generate
    from kg.synth.vocabulary import load_vocabulary

    gold = GoldClaims()
    store = OxigraphStore(None)
    report = ingest(gold_articles(20, 3, gold.pending), store, gold, Resolvers(load_registry(), load_gazetteer()),
                    Iris("https://claimgraph.org/id/"), keep=True)
    expected = [c.sentence for a in generate(20, 3, load_vocabulary()) for c in a.claims]
    assert report.articles == 20 and not report.errors and not gold.pending
    assert [c.span.text for e in report.extractions for c in e.claims] == expected
    assert len(store.select(f"SELECT ?c WHERE {{ ?c a <{CG.Claim}> }}")) == len(expected)
    assert report.incidents > 0
