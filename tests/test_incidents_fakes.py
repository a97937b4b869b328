"""Pairwise article-linking scores against FA-KES-style (date, location) labels."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.model import Incident
from kg.resolve.fakes_eval import fakes_labels, pairwise_linking

FAKES = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "fa-kes" / "articles.jsonl"


def test_pairwise_linking_counts_article_pairs() -> None:
    labels = {"a": ("2017-04-15", "aleppo"), "b": ("2017-04-15", "aleppo"), "c": ("2017-04-15", "aleppo"),
              "d": ("2016-07-29", "idlib")}
    incidents = [Incident(key="incident/1", claim_keys=["a/0-5", "a/9-20", "b/0-4"]),
                 Incident(key="incident/2", claim_keys=["c/0-5", "d/0-5", "x/0-5"])]
    score = pairwise_linking(incidents, labels)
    # system pairs among labelled articles: (a, b) right, (c, d) wrong; gold pairs: ab, ac, bc
    assert (score.system_pairs, score.gold_pairs, score.shared_pairs) == (2, 3, 1)
    assert score.precision == 0.5 and score.recall == pytest.approx(1 / 3)


@pytest.mark.skipif(not FAKES.exists(), reason="shared FA-KES corpus not present")
def test_fakes_labels_read() -> None:
    labels = fakes_labels(FAKES)
    assert len(labels) > 700
    assert labels["fakes-1914947530"] == ("2017-04-05", "idlib")
