"""What kind of incident a claim is about, and who carried it out, from the claim's own words."""

from __future__ import annotations

import re

from kg.extract.lexicon import load_lexicon

_LEXICON = load_lexicon()

# Ordered: the first type whose pattern matches wins, so specific kinds come before general ones
# (kg/data/lexicon/event_patterns.txt: each type's alternatives, matched as whole words).
EVENT_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(rf"\b(?:{'|'.join(alternatives)})\b", re.I)) for name, alternatives in _LEXICON.event_patterns)

# Ordered as well (kg/data/lexicon/actor_patterns.txt: each actor's alternatives, boundaries written out).
ACTOR_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile("|".join(alternatives), re.I)) for name, alternatives in _LEXICON.actor_patterns)


# Words that name an event only loosely ("strikes", "a blast", "the convoy"): they join an incident
# the article already tells rather than open one.
WEAK = frozenset({"strike", "explosion"})
PUBLIC_NAME = {"strike": "airstrike"}


def event_type(text: str) -> str | None:
    """The incident type the text describes ("strike" for a loose word), or None when it names no event."""
    for name, pattern in EVENT_PATTERNS:
        if pattern.search(text):
            return name
    return None


def actor(text: str) -> str | None:
    """Who carried out the incident, when the text says so."""
    for name, pattern in ACTOR_PATTERNS:
        if pattern.search(text):
            return name
    return None


__all__ = ["PUBLIC_NAME", "WEAK", "actor", "event_type"]
