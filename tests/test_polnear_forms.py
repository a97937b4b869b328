"""PolNeAR articles printed as FA-KES prints its pages: the annotation moves with the text."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import shared_path

from kg.extract.polnear import GoldArticle, articles, relations_of, unpunctuated, write_split

ANN = ("T1\tSource 0 13\tThe President\n"
       "T2\tCue 14 19\tsaid,\n"
       "T3\tContent 20 44\t“the army’s plan failed”\n"
       "T4\tContent 44 45\t,\n"
       "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3 Content2:T4\n")
TEXT = "The President said, “the army’s plan failed”, aides said."


def spans(article: GoldArticle) -> dict[str, list[str]]:
    [rel] = relations_of(article.ann)
    return {kind: [article.text[a:b] for a, b in frags] for kind, frags in rel.items()}


def test_dropped_marks_move_every_span_with_the_text() -> None:
    bare = unpunctuated(GoldArticle("a", TEXT, ANN))
    assert bare.text == 'The President said "the armys plan failed" aides said.'
    assert spans(bare) == {"SOURCE": ["The President"], "CUE": ["said"],
                           "CONTENT": ['"the armys plan failed"', ""]}


def test_every_gold_span_of_a_real_split_keeps_its_words() -> None:
    corpus = shared_path("corpus", "polnear")
    for article in articles(corpus, "dev"):
        bare = unpunctuated(article)
        assert not set(",'’‘“”") & set(bare.text)
        for line in bare.ann.splitlines():  # every T-line keeps offsets the scorer reads
            assert not line.startswith("T") or re.match(r"T\d+\t\S+ \d+ \d+(;\d+ \d+)*\t", line), line
        for before, after in zip(relations_of(article.ann), relations_of(bare.ann), strict=True):
            for kind, frags in before.items():
                words = "".join(article.text[a:b] for a, b in frags)
                assert "".join(bare.text[a:b] for a, b in after[kind]) == unpunctuated(
                    GoldArticle("", words, "")).text


def test_written_splits_are_read_by_the_span_scorer(tmp_path: Path) -> None:
    corpus = shared_path("corpus", "polnear")
    folder = write_split(corpus, "dev", tmp_path / "bare", unpunctuate=True)
    assert write_split(corpus, "test", folder, unpunctuate=True) == folder  # a second split keeps the first
    scorer = shared_path("eval", "score_spans.py")
    empty = tmp_path / "none.jsonl"
    empty.write_text("", encoding="utf-8")
    out = subprocess.run([sys.executable, str(scorer), str(folder), str(empty), "--split", "dev"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "gold_relations" in out.stdout
    assert len(list((folder / "data" / "dev" / "text").glob("*.txt"))) == len(list(articles(corpus, "dev")))
