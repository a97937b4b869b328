"""Place names to canonical places. (Baseline: every distinct name is its own place, no coordinates.)"""

from __future__ import annotations

from kg.model import Claim, Place
from kg.resolve.agents import slug


class Gazetteer:
    """Known places by key, and the resolution of place names found in claims."""

    def __init__(self, places: dict[str, Place] | None = None) -> None:
        self.places = dict(places or {})

    def resolve(self, claims: list[Claim]) -> dict[str, Place]:
        """Set `place_keys` on every claim from its place mentions; return the places used."""
        used: dict[str, Place] = {}
        for claim in claims:
            claim.place_keys = []
            for mention in claim.places:
                key = f"place/{slug(mention.text)}"
                used[key] = self.places.get(key) or Place(key=key, label=mention.text)
                claim.place_keys.append(key)
        return used


def load_gazetteer() -> Gazetteer:
    return Gazetteer()
