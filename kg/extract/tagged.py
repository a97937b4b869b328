"""Attribution relations from word tags (B-/I- of SOURCE, CUE, CONTENT), as the attribution encoder gives them.

Grouping is the decision made here: every source and content stretch belongs to the nearest cue, in its
sentence when there is one there, else within a sentence or two (a quotation runs on); a cue left without
a source shares the speaker of an earlier cue of its sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

Range = tuple[int, int]


@dataclass(slots=True)
class Relation:
    """One attribution: its cue, source and content as token index ranges (end exclusive)."""

    cue: Range
    source: list[Range] = field(default_factory=list)
    content: list[Range] = field(default_factory=list)


def stretches(tags: Sequence[str]) -> list[tuple[str, Range]]:
    """Runs of one kind: a B- tag or a change of kind starts a new one."""
    out: list[tuple[str, Range]] = []
    for i, tag in enumerate(tags):
        if tag == "O" or "-" not in tag:
            continue
        prefix, kind = tag.split("-", 1)
        if out and out[-1][0] == kind and out[-1][1][1] == i and prefix == "I":
            out[-1] = (kind, (out[-1][1][0], i + 1))
        else:
            out.append((kind, (i, i + 1)))
    return out


def group(tags: Sequence[str], sentence_of: Sequence[int], max_sentences: int = 2, *,
          relays: bool = False) -> list[Relation]:
    """Relations from a tag sequence: sources and contents join the nearest cue. A cue left with nothing
    said is dropped, unless `relays` and it has a source: "X said ... Irans Press TV reported", the hop
    by which a statement before it was passed on (the claims pipeline folds it into that statement)."""
    runs = stretches(tags)
    cues = [Relation(cue=r) for kind, r in runs if kind == "CUE"]
    if not cues:
        return []
    for kind, r in runs:
        if kind == "CUE":
            continue
        best = _nearest(r, cues, sentence_of, max_sentences if kind == "CONTENT" else 0)
        if best is None:
            continue
        (best.source if kind == "SOURCE" else best.content).append(r)
    _share_sources(cues, sentence_of)
    return [rel for rel in cues if rel.content or (relays and rel.source)]


def _share_sources(cues: list[Relation], sentence_of: Sequence[int]) -> None:
    """A cue left without a source takes the source of the nearest earlier cue of its sentence that has one.

    One speaker often governs the cues that follow ("Clinton said ..., adding ...", "X told reporters ...
    and warned ..."), but a word carries one tag, so the tagger marks that speaker once. A cue before
    the speaker's is left alone: in "There was no claim of responsibility, though the group denied any
    involvement" the group made no claim.
    """
    given = [(rel.cue[0], sentence_of[rel.cue[0]], rel.source) for rel in cues if rel.source]
    for rel in cues:
        if rel.source:
            continue
        sent = sentence_of[rel.cue[0]]
        near = [(rel.cue[0] - at, source) for at, s, source in given if s == sent and at < rel.cue[0]]
        if near:
            rel.source = list(min(near, key=lambda n: n[0])[1])


def _nearest(r: Range, cues: list[Relation], sentence_of: Sequence[int], reach: int) -> Relation | None:
    sent = sentence_of[r[0]]
    best: tuple[int, int, Relation] | None = None
    for rel in cues:
        gap = abs(sentence_of[rel.cue[0]] - sent)
        if gap > reach:
            continue
        distance = rel.cue[0] - r[1] if rel.cue[0] >= r[1] else r[0] - rel.cue[1]
        key = (gap, max(distance, 0))
        if best is None or key < best[:2]:
            best = (key[0], key[1], rel)
    return best[2] if best else None


__all__ = ["Relation", "group", "stretches"]
