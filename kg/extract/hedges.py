"""Whether a statement is marked as uncertain ("apparently", "reportedly", "may have", "unclear")."""

from __future__ import annotations

import re

HEDGE = re.compile(
    r"\b(?:apparently|reportedly|allegedly|purportedly|supposedly|presumably|possibly|probably|likely|unlikely"
    r"|perhaps|maybe|(?:may|might)\s+(?:have|be|rise|increase|climb|grow|reach)|could\s+(?:be|rise|increase|climb|grow|reach)|suspected|unconfirmed|unverified|believed\s+to|thought\s+to|said\s+to\s+be"
    r"|expected\s+to|feared|unclear|appears?\s+to|appeared\s+to|seems?\s+to|seemed\s+to|estimated)\b",
    re.I,
)
_NOT_HEDGE = re.compile(r"May\b")  # the month: "since 21 May have killed"


def is_hedged(text: str) -> bool:
    """True when the text carries an uncertainty marker."""
    for m in HEDGE.finditer(text):
        if not _NOT_HEDGE.match(text, m.start()):  # modal "may" is lower case mid-sentence
            return True
    return False


__all__ = ["is_hedged"]
