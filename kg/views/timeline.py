"""When each outlet reported an incident, and which figures it gave then: one entry per article
carrying claims about the incident, in order of publication (undated articles last).

Laid out from the incident's claim records (`kg.views.claims.claim_records`); nothing is recomputed:
the figures are the ones each claim states, with who stated them.
"""

from __future__ import annotations

from typing import Any

from kg.model import NO_OUTLET
from kg.views.figures import _stated


def reporting_timeline(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per article, oldest first: its date, outlet, headline, how many claims about the incident it
    carries, and every figure they state (stated value, what it counts, who said it, the claim)."""
    entries: dict[str, dict[str, Any]] = {}
    for claim in claims:
        entry = entries.setdefault(claim["article"], {
            "article": claim["article"], "published": claim["published"], "headline": claim["headline"],
            "outlet": claim["outlet"], "outlet_label": claim["outlet_label"] or claim["outlet"] or NO_OUTLET,
            "loaded_from": claim.get("loaded_from"), "claims": 0, "figures": []})
        entry["claims"] += 1
        for figure in claim["figures"]:
            entry["figures"].append({
                "stated": _stated(figure), "count": figure["count"], "qualifier": figure["qualifier"],
                "category": figure["category"], "victims": figure["victims"], "claim": claim["id"],
                "source": claim["source"], "source_label": claim["source_label"], "via": claim["via"],
                "begin": claim["begin"], "end": claim["end"]})
    return sorted(entries.values(), key=lambda e: (e["published"] is None, e["published"] or "",
                                                   e["outlet_label"].lower(), e["article"]))


__all__ = ["reporting_timeline"]
