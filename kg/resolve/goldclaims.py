"""Claims built from gold annotations (`shared/gold/FORMAT.md`), to measure resolution apart from extraction.

Linking quality depends on what the extractor finds; feeding it the annotated claims instead
gives the ceiling the linking itself reaches, and lets its tests run before an extractor exists.
Each gold `incident` id becomes the claim's in-article grouping key, as an extractor would give one.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kg.ingest.text import article_from_text
from kg.model import Claim, Extraction, Figure, Hop, Span
from kg.report import OWN_VOICE


def _find(text: str, piece: str, start: int = 0) -> Span | None:
    i = text.find(piece, start)
    if i < 0:
        i = text.find(piece)
    return Span(i, i + len(piece), piece) if i >= 0 else None


def _place_spans(text: str, sentence: Span, alternatives: list[list[str]]) -> list[Span]:
    """Each annotated place as the first of its spellings found in the sentence (else the article)."""
    spans = []
    for names in alternatives:
        inside = [s for n in names if (s := _find(sentence.text, n)) is not None]
        if inside:
            best = max(inside, key=lambda s: len(s.text))
            spans.append(Span(sentence.start + best.start, sentence.start + best.end, best.text))
            continue
        found = next((s for n in names if (s := _find(text, n)) is not None), None)
        spans.append(found or Span(sentence.start, sentence.start, names[0]))
    return spans


def claim_from_gold(record: dict[str, Any], text: str, cursor: int = 0) -> Claim:
    """One gold record as a `Claim` of the article `text`; `cursor` skips past earlier claims."""
    span = _find(text, record["sentence"], cursor) or Span(0, 0, record["sentence"])
    when = record.get("date")
    date, date_range = (None, (when[0], when[-1])) if isinstance(when, list) else (when, None)
    return Claim(
        article_id=record["article"],
        span=span,
        source=Hop.outlet_voice() if record["source"][0] == OWN_VOICE else Hop(name=record["source"][0]),
        via=[Hop(name=hop[0]) for hop in record.get("via") or []],
        cue=record.get("cue"),
        quote=record.get("quote") or "none",
        hedged=bool(record.get("hedged")),
        event_type=record.get("event_type"),
        date=date,
        date_range=date_range,
        places=_place_spans(text, span, record.get("places") or []),
        actor=record.get("actor"),
        figures=[Figure(count=int(f["count"]), qualifier=f.get("qualifier") or "exact",
                        category=f.get("category") or "killed", victims=f.get("victims") or "people")
                 for f in record.get("figures") or []],
        group=record.get("incident"),
    )


def gold_extractions(folder: str | Path, outlets: dict[str, str] | None = None) -> list[Extraction]:
    """An `Extraction` per `NAME.txt` / `NAME.gold.jsonl` pair of a gold folder (agents and places unresolved)."""
    folder = Path(folder)
    out = []
    for gold in sorted(folder.glob("*.gold.jsonl")):
        name = gold.name[: -len(".gold.jsonl")]
        article = article_from_text(name, (folder / f"{name}.txt").read_text(encoding="utf-8"), str(gold))
        article.outlet = (outlets or {}).get(name)
        claims: list[Claim] = []
        for line in gold.read_text(encoding="utf-8").splitlines():
            if line.strip():
                claim = claim_from_gold(json.loads(line), article.text, claims[-1].span.start if claims else 0)
                claims.append(claim)
        out.append(Extraction(article=article, claims=claims))
    return out


def claim_records(extractions: list[Extraction]) -> list[dict[str, Any]]:
    """Minimal system records for `shared/eval/score.py`: text, source, via and the linked incident."""
    return [
        {"article": c.article_id, "claim": c.key, "text": c.span.text,
         "source": OWN_VOICE if c.source.own_voice else c.source.name,
         "via": [h.name for h in c.via], "incident": c.incident, "event_type": c.event_type,
         "date": c.date or (c.date_range[0] if c.date_range else None)}
        for e in extractions for c in e.claims
    ]
