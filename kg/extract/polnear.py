"""PolNeAR (brat standoff) read as gold attribution tags over a spaCy doc's tokens.

PolNeAR's annotation is univocal: every token is the source, cue or content of at most one
attribution, so an article's gold is one tag per token: B-/I- of SOURCE, CUE, CONTENT, or O.
Where metadata names several annotators of an article, the first one listed is the gold (as the
span scorer reads it). Only the training and evaluation scripts read the corpus.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

KINDS = {"Source": "SOURCE", "Cue": "CUE", "Content": "CONTENT", "Content2": "CONTENT"}
LABELS = ("O", "B-SOURCE", "I-SOURCE", "B-CUE", "I-CUE", "B-CONTENT", "I-CONTENT")
_T_RE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t")
_E_RE = re.compile(r"^(E\d+)\t(\S+)(.*)$")

Fragments = list[tuple[int, int]]


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """One article of a split: its id, text and annotation (brat standoff)."""

    id: str
    text: str
    ann: str


def data_root(polnear: Path) -> Path:
    """The corpus' data/ folder (the corpus folder itself or its data/ folder may be given)."""
    return polnear / "data" if (polnear / "data").is_dir() else polnear


def articles(polnear: Path, split: str, limit: int | None = None) -> Iterator[GoldArticle]:
    """The articles of `split` in file-name order, each with its gold annotator's annotation."""
    root = data_root(polnear)
    first: dict[str, str] = {}
    meta = root / "metadata.tsv"
    if meta.exists():
        with meta.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                first[row["filename"]] = (row.get("annotators") or "").split("|")[0]
    for path in sorted((root / split / "text").glob("*.txt"))[:limit]:
        anns = sorted((root / split / "attributions").glob(f"{path.stem}_*.ann"))
        preferred = [a for a in anns if a.stem == f"{path.stem}_{first.get(path.stem, '')}"]
        chosen = (preferred or anns)[:1]
        yield GoldArticle(path.stem, path.read_text(encoding="utf-8"),
                          chosen[0].read_text(encoding="utf-8") if chosen else "")


def relations_of(ann: str) -> list[dict[str, Fragments]]:
    """Every attribution (E-line) as {kind: fragments} for SOURCE, CUE and CONTENT."""
    tspans: dict[str, Fragments] = {}
    for line in ann.splitlines():
        m = _T_RE.match(line)
        if m:
            tspans[m.group(1)] = [(int(a), int(b)) for a, b in (f.split() for f in m.group(3).split(";"))]
    out: list[dict[str, Fragments]] = []
    for line in ann.splitlines():
        m = _E_RE.match(line)
        if not m:
            continue
        rel: dict[str, Fragments] = {}
        for arg in m.group(3).split():
            role, _, tid = arg.partition(":")
            role = role if role == "Content2" else re.sub(r"\d+$", "", role)
            if role in KINDS and tid in tspans:
                rel.setdefault(KINDS[role], []).extend(tspans[tid])
        out.append(rel)
    return out


def gold_tags(doc: Doc, ann: str) -> list[str]:
    """One BIO tag per token of `doc`; a token covered by a span of an attribution takes its kind.

    Relations are written outermost first (longest content first), so a relation nested inside
    another's content keeps its own tags.
    """
    tags = ["O"] * len(doc)
    rels = sorted(relations_of(ann), key=lambda r: -sum(b - a for a, b in r.get("CONTENT", [])))
    for rel in rels:
        for kind in ("CONTENT", "SOURCE", "CUE"):
            for start, end in rel.get(kind, []):
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is None:
                    continue
                for k, tok in enumerate(span):
                    tags[tok.i] = ("B-" if k == 0 else "I-") + kind
    return tags


__all__ = ["LABELS", "GoldArticle", "articles", "data_root", "gold_tags", "relations_of"]
