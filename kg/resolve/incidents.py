"""Claims to incidents, within and across articles. (Baseline: the extractor's in-article grouping.)"""

from __future__ import annotations

from collections.abc import Iterable

from kg.model import Extraction, Incident


def link_incidents(extractions: Iterable[Extraction], previous: list[Incident] | None = None) -> list[Incident]:
    """Group claims into incidents; set `claim.incident` to the incident key; return the incidents.

    `previous` are the incidents already stored, so that their keys can be kept."""
    incidents: dict[str, Incident] = {}
    for extraction in extractions:
        for claim in extraction.claims:
            if claim.incident is None:
                continue
            key = claim.incident
            if not key.startswith("incident/"):
                key = f"incident/{claim.article_id}-{key}"
            claim.incident = key
            incident = incidents.setdefault(key, Incident(key=key, event_type=claim.event_type, date=claim.date))
            incident.claim_keys.append(claim.key)
            for place in claim.place_keys:
                if place not in incident.place_keys:
                    incident.place_keys.append(place)
    return list(incidents.values())
