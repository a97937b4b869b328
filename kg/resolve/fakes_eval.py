"""Cross-article linking measured against the FA-KES crowd labels (`shared/corpus/fa-kes/articles.jsonl`).

FA-KES gives each article an `event_date` and a governorate-level `location` from crowd workers,
but no event id. Two articles with the same (date, location) are taken as reporting the same
incident; linking is scored by pairs of articles: a system pair is two articles with a claim on
one incident. The labels are noisy and coarse (two strikes in Aleppo province on one day share a
label), so precision is a lower bound; these figures are reported, never tuned on.
"""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.model import Incident

Pair = tuple[str, str]


@dataclass(frozen=True, slots=True)
class PairwiseScore:
    precision: float
    recall: float
    f1: float
    system_pairs: int
    gold_pairs: int
    shared_pairs: int
    articles: int

    def as_dict(self) -> dict[str, float | int]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "system_pairs": self.system_pairs, "gold_pairs": self.gold_pairs,
                "shared_pairs": self.shared_pairs, "articles": self.articles}


def fakes_labels(path: str | Path) -> dict[str, tuple[str, str]]:
    """Article id -> (event date, location) for every article whose crowd labels give both."""
    labels = {}
    with Path(path).open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            record = json.loads(line)
            note = record.get("annotations") or {}
            day, where = str(note.get("event_date") or "").strip(), str(note.get("location") or "").strip().lower()
            if day and where:
                labels[str(record["id"])] = (day, where)
    return labels


def _pairs(groups: Iterable[Iterable[str]]) -> set[Pair]:
    out: set[Pair] = set()
    for members in groups:
        out.update(itertools.combinations(sorted(set(members)), 2))
    return out


def article_of(claim_key: str) -> str:
    """The article id of a claim key ('<article>/<start>-<end>')."""
    return claim_key.rsplit("/", 1)[0]


def linked_pairs(incidents: Iterable[Incident]) -> set[Pair]:
    """Pairs of distinct articles that have claims on one incident."""
    return _pairs([article_of(k) for k in inc.claim_keys] for inc in incidents)


def label_pairs(labels: dict[str, tuple[str, str]]) -> set[Pair]:
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for article, label in labels.items():
        groups[label].append(article)
    return _pairs(groups.values())


def pairwise_linking(incidents: Iterable[Incident], labels: dict[str, tuple[str, str]]) -> PairwiseScore:
    """Pairwise precision and recall of article linking against same-(date, location) labels,
    over the labelled articles only."""
    gold = label_pairs(labels)
    system = {p for p in linked_pairs(incidents) if p[0] in labels and p[1] in labels}
    shared = len(system & gold)
    p = shared / len(system) if system else 0.0
    r = shared / len(gold) if gold else 0.0
    return PairwiseScore(p, r, 2 * p * r / (p + r) if p + r else 0.0, len(system), len(gold), shared, len(labels))


__all__ = ["PairwiseScore", "fakes_labels", "label_pairs", "linked_pairs", "pairwise_linking"]
