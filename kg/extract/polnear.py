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
from itertools import accumulate
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


# What FA-KES pages lost against the news they were taken from: commas, apostrophes and single quotes
# are gone, curly double quotes are straight (its texts hold none of , ' ’ ‘ “ ” and 2,037 ").
_DROPPED = frozenset(",'\u2019\u2018")
_STRAIGHTENED = str.maketrans({"\u201c": '"', "\u201d": '"'})


def unpunctuated(article: GoldArticle) -> GoldArticle:
    """`article` as FA-KES would print it (see `_DROPPED`), its annotation's offsets moved with its text.

    A span left with no character is dropped from its T-line; a T-line left with no span keeps a
    zero-width one (the scorer counts a span covering no token as absent)."""
    text = article.text
    before = list(accumulate((int(ch not in _DROPPED) for ch in text), initial=0))  # kept before each offset

    def moved(line: str) -> str:
        m = _T_RE.match(line)
        if not m:
            return line
        spans = [(before[int(a)], before[int(b)]) for a, b in (f.split() for f in m.group(3).split(";"))]
        spans = [(a, b) for a, b in spans if b > a] or spans[:1]
        head, rest = line[:m.start(3)], line[m.end(3):]
        return head + ";".join(f"{a} {b}" for a, b in spans) + rest

    new_text = "".join(ch for ch in text if ch not in _DROPPED).translate(_STRAIGHTENED)
    return GoldArticle(article.id, new_text, "\n".join(moved(line) for line in article.ann.split("\n")))


def write_split(polnear: Path, split: str, out: Path, unpunctuate: bool = False) -> Path:
    """A copy of `split` in the corpus folder `out` (the gold annotator's file only), unpunctuated if asked."""
    root = out / "data"
    (root / split / "text").mkdir(parents=True, exist_ok=True)
    (root / split / "attributions").mkdir(parents=True, exist_ok=True)
    meta = root / "metadata.tsv"
    rows = ["compartment\tfilename\tannotators"]  # the other splits already written there are kept
    if meta.exists():
        rows += [row for row in meta.read_text(encoding="utf-8").splitlines()[1:] if not row.startswith(f"{split}\t")]
    for article in articles(polnear, split):
        article = unpunctuated(article) if unpunctuate else article
        rows.append(f"{split}\t{article.id}\tgold")
        (root / split / "text" / f"{article.id}.txt").write_text(article.text, encoding="utf-8")
        (root / split / "attributions" / f"{article.id}_gold.ann").write_text(article.ann, encoding="utf-8")
    meta.write_text("\n".join(rows) + "\n", encoding="utf-8")
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


__all__ = ["LABELS", "GoldArticle", "articles", "data_root", "gold_tags", "relations_of", "unpunctuated", "write_split"]
