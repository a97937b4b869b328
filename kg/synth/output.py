"""Synthetic articles written out: one JSON record a line, as `kg ingest` reads JSONL, and a gold folder.

The gold folder holds, for each article, `NAME.txt` (the article with its metadata as YAML front matter,
which `kg ingest` and `kg extract` read back to the same text) and `NAME.gold.jsonl` (its claims in the
format of ../shared/gold/FORMAT.md), NAME being the article id. Articles are written as they come.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.synth.generate import GoldClaim, SynthArticle


@dataclass(frozen=True, slots=True)
class Written:
    """What a run wrote: articles, the incidents they tell (those told in passing too), gold claims."""

    articles: int
    incidents: int
    claims: int


def article_record(article: SynthArticle) -> dict[str, Any]:
    """The article as a JSONL record `kg ingest` reads (kg/ingest/loaders.py)."""
    return {"id": article.id, "title": article.title, "outlet": article.outlet,
            "published": article.published.isoformat(), "url": article.url, "text": article.text}


def gold_record(article_id: str, number: int, claim: GoldClaim) -> dict[str, Any]:
    """One claim as a line of NAME.gold.jsonl (../shared/gold/FORMAT.md); `number` counts from 1."""
    return {
        "article": article_id, "claim": f"c{number:02d}", "sentence": claim.sentence, "source": list(claim.source),
        "via": [list(hop) for hop in claim.via], "cue": claim.cue, "quote": claim.quote, "hedged": claim.hedged,
        "incident": claim.incident, "event_type": claim.event_type,
        "date": list(claim.date) if isinstance(claim.date, tuple) else claim.date,
        "places": [list(names) for names in claim.places], "actor": claim.actor,
        "figures": [{"count": f.count, "qualifier": f.qualifier, "category": f.category, "victims": f.victims}
                    for f in claim.figures],
    }


def article_file(article: SynthArticle) -> str:
    """NAME.txt: the record's metadata as YAML front matter (JSON strings are YAML scalars), then the text."""
    quoted = {k: json.dumps(v, ensure_ascii=False) for k, v in
              (("id", article.id), ("title", article.title), ("outlet", article.outlet), ("url", article.url))}
    return (f"---\nid: {quoted['id']}\ntitle: {quoted['title']}\noutlet: {quoted['outlet']}\n"
            f"published: {article.published.isoformat()}\nurl: {quoted['url']}\n---\n{article.text}")


def write_corpus(articles: Iterable[SynthArticle], out: Path, gold: Path | None = None) -> Written:
    """Write `articles` to `out` (JSONL) and, given `gold`, their gold pairs into that folder (made if need be)."""
    if gold is not None:
        gold.mkdir(parents=True, exist_ok=True)
    count = claims = incidents = 0
    last_incident = None
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        for article in articles:
            fh.write(json.dumps(article_record(article), ensure_ascii=False))
            fh.write("\n")
            count += 1
            claims += len(article.claims)
            if article.incident != last_incident:  # the articles of an incident come in a row
                incidents += 1
                last_incident = article.incident
            incidents += len({c.incident for c in article.claims} - {article.incident, None})  # told in passing
            if gold is not None:
                (gold / f"{article.id}.txt").write_text(article_file(article), encoding="utf-8", newline="\n")
                lines = (json.dumps(gold_record(article.id, i, c), ensure_ascii=False)
                         for i, c in enumerate(article.claims, start=1))
                (gold / f"{article.id}.gold.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8",
                                                                 newline="\n")
    return Written(count, incidents, claims)


__all__ = ["Written", "article_file", "article_record", "gold_record", "write_corpus"]
