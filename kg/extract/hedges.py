"""Whether a statement is marked as uncertain ("apparently", "reportedly", "may have", "unclear")."""

from __future__ import annotations

import re

from kg.extract.lexicon import alternation, load_lexicon

HEDGE = re.compile(rf"\b(?:{alternation(load_lexicon().hedges)})\b", re.I)
"""An uncertainty marker (kg/data/lexicon/hedges.txt)."""
_NOT_HEDGE = re.compile(r"May\b")  # the month: "since 21 May have killed"


def is_hedged(text: str) -> bool:
    """True when the text carries an uncertainty marker."""
    for m in HEDGE.finditer(text):
        if not _NOT_HEDGE.match(text, m.start()):  # modal "may" is lower case mid-sentence
            return True
    return False


__all__ = ["is_hedged"]
