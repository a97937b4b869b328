"""Claims as records of the extraction output format (shared gold FORMAT: one JSON object a claim)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from kg.model import Agent, Claim, Extraction, Hop, Incident, Span

OWN_VOICE = "@outlet"  # how the extraction format (shared/gold/FORMAT.md) names the outlet's own voice


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


def claim_record(extraction: Extraction, claim: Claim, incident: Incident | None = None) -> dict[str, Any]:
    """One claim as a JSON-ready record, with the span fields the span scorer reads.

    `event_type` and `date` are the incident's (the format's meaning: what happened, and when)
    where the claim is about one; the claim's own where the incident has none."""
    agents = extraction.agents
    if claim.source.own_voice:
        # the outlet's own voice: its name is an alias, so a reader can tell which outlet spoke
        outlet = agents.get(claim.source.agent or "")
        source, aliases = OWN_VOICE, [outlet.label] if outlet and extraction.article.outlet else []
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
        "event_type": (incident and incident.event_type) or claim.event_type,
        "date": _date(claim, incident),
        "date_range": list(claim.date_range) if claim.date_range else None,
        "places": places,
        "actor": claim.actor,
        "figures": [
            {"count": f.count, "qualifier": f.qualifier, "category": f.category, "victims": f.victims}
            for f in claim.figures
        ],
        "content_span": [_span(p) for p in claim.content_parts] or _span(claim.content or claim.span),
        "source_span": _span(claim.source.mention),
        "cue_span": _span(claim.cue_span),
    }


def _date(claim: Claim, incident: Incident | None) -> str | None:
    """The claim's date; for a claim that gives none, the date of its incident (its first day if a range)."""
    if claim.date or incident is None:
        return claim.date
    return incident.date or (incident.date_range[0] if incident.date_range else None)


def records(extractions: Iterable[Extraction], incidents: Iterable[Incident]) -> Iterator[dict[str, Any]]:
    """Every claim of the extractions as a record, in article order, with the incident it is in."""
    by_claim = {key: incident for incident in incidents for key in incident.claim_keys}
    for extraction in extractions:
        for claim in extraction.claims:
            incident = by_claim.get(claim.key)
            record = claim_record(extraction, claim, incident)
            record["incident"] = incident.key if incident else None
            yield record
