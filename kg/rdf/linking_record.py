"""What incident linking reads of one article, kept with the article as one JSON literal
(`cg:linkingRecord` on its extraction graph): the publication date, and of each claim its offsets, text,
in-article group, event type, dates, places, actor and figures.

Linking one new article gathers the stored articles near it (about 170 to 290 of a 308-article FA-KES
store) to decide which incidents it joins; reading their claims' triples back took most of an ingest.
It reads these records instead, one literal an article, and reads whole extractions only for the
articles of the incidents it rewrites. The claims' triples stay what every reader reads: a record is
made from the same claims, when the article's graph is made, and says nothing the triples do not.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from kg.model import (
    CATEGORIES,
    EVENT_TYPES,
    QUALIFIERS,
    Article,
    Claim,
    Extraction,
    Figure,
    Hop,
    Span,
    in_vocabulary,
)

# The layout below; a record of another version is not read (the article's triples are, instead).
VERSION = 1


def linking_record(extraction: Extraction) -> str:
    """The article's linking record, as JSON."""
    claims = [[c.span.start, c.span.end, c.span.text, c.group, c.event_type, c.date,
               list(c.date_range) if c.date_range else None, c.actor, list(c.place_keys),
               [[f.count, f.qualifier, f.category, f.victims] for f in c.figures]] for c in extraction.claims]
    published = extraction.article.published
    return json.dumps({"version": VERSION, "article": extraction.article.id,
                       "published": published.isoformat() if published else None, "claims": claims},
                      ensure_ascii=False, separators=(",", ":"))


def from_linking_record(text: str) -> Extraction | None:
    """The extraction a linking record holds, enough to link it: its claims without source, chain, cue,
    quote or hedge, its article without text or outlet, and no agents (None for a record of another version)."""
    data: dict[str, Any] = json.loads(text)
    if data.get("version") != VERSION:
        return None
    article_id = str(data["article"])
    claims = [Claim(
        article_id=article_id, span=Span(start, end, claim_text), source=Hop.outlet_voice(), group=group,
        event_type=in_vocabulary(event_type, EVENT_TYPES, "event type") if event_type else None,
        date=day, date_range=(days[0], days[1]) if days else None, actor=actor, place_keys=list(places),
        figures=[Figure(count, in_vocabulary(qualifier, QUALIFIERS, "qualifier"),
                        in_vocabulary(category, CATEGORIES, "category"), victims)
                 for count, qualifier, category, victims in figures])
        for start, end, claim_text, group, event_type, day, days, actor, places, figures in data["claims"]]
    claims.sort(key=lambda c: (c.span.start, c.span.end))  # as the article's triples are read back
    published = date.fromisoformat(data["published"]) if data["published"] else None
    return Extraction(Article(id=article_id, text="", published=published), claims)


__all__ = ["VERSION", "from_linking_record", "linking_record"]
