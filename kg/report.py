"""Claims as records of the extraction output format (shared gold FORMAT: one JSON object a claim)."""

from __future__ import annotations

from typing import Any

from kg.model import OUTLET_VOICE, Agent, Claim, Extraction, Hop, Span


def _span(span: Span | None) -> list[int] | None:
    return [span.start, span.end] if span else None


def _names(hop: Hop, agents: dict[str, Agent]) -> tuple[str, list[str]]:
    """The canonical name of a hop's agent and its other names (the mention first)."""
    agent = agents.get(hop.agent or "")
    if agent is None:
        return hop.name, []
    aliases = [hop.name] if hop.name != agent.label else []
    aliases += [a for a in agent.aliases if a not in aliases and a != agent.label]
    return agent.label, aliases


def claim_record(extraction: Extraction, claim: Claim) -> dict[str, Any]:
    """One claim as a JSON-ready record, with the span fields the span scorer reads."""
    agents = extraction.agents
    if claim.source.name == OUTLET_VOICE:
        # the outlet's own voice: its name is an alias, so a reader can tell which outlet spoke
        outlet = agents.get(claim.source.agent or "")
        source, aliases = OUTLET_VOICE, [outlet.label] if outlet and extraction.article.outlet else []
    else:
        source, aliases = _names(claim.source, agents)
    places = [extraction.places[k].label if k in extraction.places else m.text
              for k, m in zip(claim.place_keys, claim.places, strict=False)]
    places += [m.text for m in claim.places if m.text not in places]
    return {
        "article": claim.article_id,
        "claim": claim.key,
        "text": claim.span.text,
        "source": source,
        "source_aliases": aliases,
        "via": [_names(h, agents)[0] for h in claim.via],
        "cue": claim.cue,
        "quote": claim.quote,
        "hedged": claim.hedged,
        "incident": claim.incident,
        "event_type": claim.event_type,
        "date": claim.date,
        "date_range": list(claim.date_range) if claim.date_range else None,
        "places": places,
        "actor": claim.actor,
        "figures": [
            {"count": f.count, "qualifier": f.qualifier, "category": f.category, "victims": f.victims}
            for f in claim.figures
        ],
        "content_span": _span(claim.content or claim.span),
        "source_span": _span(claim.source.mention),
        "cue_span": _span(claim.cue_span),
    }
