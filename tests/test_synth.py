"""`kg synth`: a synthetic corpus and its gold, deterministic by seed, read by `kg ingest` and `score.py`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import shared_path

from kg.cli import main
from kg.synth.vocabulary import QUALIFIERS

EVENT_TYPES = {"airstrike", "shelling", "armed_clash", "bombing", "shooting", "massacre", "explosion", "ground_attack",
               "chemical_attack", "other"}
CATEGORIES = {"killed", "injured", "missing", "bodies_recovered", "displaced", "detained"}


def synth(capsys: pytest.CaptureFixture[str], out: Path, articles: int, seed: int, gold: Path | None = None) -> str:
    """Run `kg synth`; its standard error (the one-line summary)."""
    argv = ["synth", "--articles", str(articles), "--seed", str(seed), "-o", str(out)]
    assert main(argv + (["--gold", str(gold)] if gold else [])) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err


def gold_claims(folder: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for path in sorted(folder.glob("*.gold.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line]


def as_system(claim: dict[str, Any]) -> dict[str, Any]:
    """A gold claim as the system output score.py reads (../shared/gold/FORMAT.md)."""
    when = claim["date"]
    return {"article": claim["article"], "claim": claim["claim"], "text": claim["sentence"],
            "source": claim["source"][0], "source_aliases": claim["source"][1:], "via": [h[0] for h in claim["via"]],
            "cue": claim["cue"], "quote": claim["quote"], "hedged": claim["hedged"], "incident": claim["incident"],
            "event_type": claim["event_type"], "date": when[0] if isinstance(when, list) else when,
            "places": [p[0] for p in claim["places"]], "actor": claim["actor"], "figures": claim["figures"]}


def score(gold: Path, system: Path) -> dict[str, Any]:
    scorer = shared_path("eval", "score.py")
    done = subprocess.run([sys.executable, str(scorer), str(gold), str(system), "--json"], capture_output=True,
                          text=True, check=True, timeout=600)
    return json.loads(done.stdout)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """200 articles of seed 7 and their gold folder."""
    from kg.synth.generate import generate
    from kg.synth.output import write_corpus
    from kg.synth.vocabulary import load_vocabulary

    folder = tmp_path_factory.mktemp("synth")
    write_corpus(generate(200, 7, load_vocabulary()), folder / "corpus.jsonl", folder / "gold")
    return folder / "corpus.jsonl", folder / "gold"


def test_same_seed_same_bytes_other_seed_other_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = synth(capsys, tmp_path / "a.jsonl", 150, 3, tmp_path / "gold-a")
    synth(capsys, tmp_path / "b.jsonl", 150, 3, tmp_path / "gold-b")
    synth(capsys, tmp_path / "c.jsonl", 150, 4)
    assert err.count("\n") == 1 and "150 articles" in err and "gold claims" in err
    a = (tmp_path / "a.jsonl").read_bytes()
    assert a == (tmp_path / "b.jsonl").read_bytes()
    assert len(a.splitlines()) == 150
    names = sorted(p.name for p in (tmp_path / "gold-a").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "gold-b").iterdir()) and len(names) == 300
    assert all((tmp_path / "gold-a" / n).read_bytes() == (tmp_path / "gold-b" / n).read_bytes() for n in names)
    other = (tmp_path / "c.jsonl").read_bytes().splitlines()
    assert len(other) == 150 and not set(other) & set(a.splitlines())
    # a shorter corpus is the start of a longer one: the draws do not depend on the count
    synth(capsys, tmp_path / "d.jsonl", 40, 3)
    assert (tmp_path / "d.jsonl").read_bytes().splitlines() == a.splitlines()[:40]


def test_records_are_articles_and_gold_sentences_are_in_their_texts(corpus: tuple[Path, Path]) -> None:
    from kg.ingest import load_paths
    from kg.model import Article

    records_path, gold = corpus
    records = {r["id"]: r for r in map(json.loads, records_path.read_text(encoding="utf-8").splitlines())}
    loaded = list(load_paths([records_path]))
    assert all(isinstance(a, Article) for a in loaded), [e for e in loaded if not isinstance(e, Article)][:3]
    assert [a.id for a in loaded] == list(records)
    for article in loaded:
        record = records[article.id]
        assert (article.text, article.outlet, article.title) == (record["text"], record["outlet"], record["title"])
        assert article.published is not None and article.published.isoformat() == record["published"]
    # the gold folder's NAME.txt reads back as the same article
    texts = {a.id: a for a in load_paths([gold]) if isinstance(a, Article)}
    assert set(texts) == set(records)
    assert all(texts[i].text == records[i]["text"] and texts[i].outlet == records[i]["outlet"] for i in records)

    claims = gold_claims(gold)
    assert {c["article"] for c in claims} == set(records)
    for claim in claims:
        assert claim["sentence"] and claim["sentence"] in records[claim["article"]]["text"], claim
        assert claim["source"] and all(isinstance(hop, list) and hop for hop in claim["via"])
        assert claim["quote"] in {"direct", "mixed", "indirect", "none"}
        assert (claim["cue"] is None) == (claim["source"] == ["@outlet"]) == (claim["quote"] == "none")
        assert claim["event_type"] is None or claim["event_type"] in EVENT_TYPES
        for figure in claim["figures"]:
            assert figure["qualifier"] in QUALIFIERS and figure["category"] in CATEGORIES and figure["count"] > 0
    # the patterns the corpus is for are all there
    assert any(c["via"] for c in claims) and any(c["quote"] == "direct" for c in claims)
    assert any(c["quote"] == "mixed" for c in claims) and any(c["hedged"] for c in claims)
    assert any(isinstance(c["date"], list) for c in claims) and any(c["cue"] == "according to" for c in claims)
    by_incident: dict[str, set[str]] = {}
    for claim in claims:
        if claim["incident"]:
            by_incident.setdefault(claim["incident"], set()).add(claim["article"])
    shared = [i for i, articles in by_incident.items() if len(articles) > 1]
    assert shared, "no incident is reported by more than one article"
    outlets = {records[a]["outlet"] for a in by_incident[shared[0]]}
    assert len(outlets) == len(by_incident[shared[0]])  # one incident, several outlets


def test_gold_scored_against_itself_is_perfect(corpus: tuple[Path, Path], tmp_path: Path) -> None:
    _, gold = corpus
    system = tmp_path / "system.jsonl"
    system.write_text("".join(json.dumps(as_system(c)) + "\n" for c in gold_claims(gold)), encoding="utf-8")
    scores = score(gold, system)
    for metric in ("claims_f1", "attribution_f1", "chain_accuracy", "figures_f1", "date_accuracy",
                   "event_type_accuracy", "place_recall", "quote_accuracy", "hedge_accuracy", "incident_f1"):
        assert scores[metric] == 1.0, (metric, scores)


def test_every_record_ingests_and_the_extractor_scores(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records, gold = tmp_path / "five.jsonl", tmp_path / "gold"
    synth(capsys, records, 5, 11, gold)
    assert main(["--store", "memory", "ingest", "--quiet", str(records)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("5 articles") and ", 0 errors" in out, out

    assert main(["--store", "memory", "extract", *map(str, sorted(gold.glob("*.txt"))), "--format", "jsonl"]) == 0
    system = tmp_path / "system.jsonl"
    system.write_text(capsys.readouterr().out, encoding="utf-8")
    scores = score(gold, system)
    print(f"attribution_f1 of the default extractor on 5 synthetic articles: {scores['attribution_f1']:.3f}")
    assert scores["matched"] > 0 and 0.0 < scores["attribution_f1"] <= 1.0


def test_a_bad_data_file_is_an_error_naming_it() -> None:
    from kg.synth.template import SynthDataError, compile_template

    with pytest.raises(SynthDataError, match=r"sentences\.yaml: frames: unknown slot \{speaker\}"):
        compile_template("{speaker} said.", frozenset({"source"}), "kg/data/synth/sentences.yaml: frames")
    with pytest.raises(SynthDataError, match="a brace that opens no slot"):
        compile_template("{source} said {.", frozenset({"source"}), "here")


def test_no_folder_to_write_into_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["synth", "--articles", "3", "-o", str(tmp_path / "nowhere" / "c.jsonl")]) == 2
    assert "no folder" in capsys.readouterr().err
