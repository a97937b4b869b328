"""Dates as time spans for Gephi's timeline: partial dates widen to the days they cover."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, timedelta

Spell = tuple[str, str]
"""A closed interval of days, as ISO dates: (first, last)."""


def interval(value: str | None) -> Spell | None:
    """'2018-11-17' -> one day; '2018-11' -> the month; '2018' -> the year; anything else -> None."""
    if not value:
        return None
    text = value.strip()[:10]
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return day.isoformat(), day.isoformat()
        if len(text) == 7:
            year, month = int(text[:4]), int(text[5:7])
            last = calendar.monthrange(year, month)[1]
            return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"
        if len(text) == 4:
            year = int(text)
            return f"{year:04d}-01-01", f"{year:04d}-12-31"
    except ValueError:
        return None
    return None


def days(text: str | None) -> list[Spell]:
    """Space-separated dates (a SPARQL GROUP_CONCAT) as spells."""
    return [s for s in (interval(part) for part in (text or "").split()) if s]


def merge(spells: Iterable[Spell]) -> list[Spell]:
    """Spells sorted, with overlapping and back-to-back intervals joined."""
    merged: list[Spell] = []
    for first, last in sorted(spells):
        if merged:
            prev_first, prev_last = merged[-1]
            next_day = (date.fromisoformat(prev_last) + timedelta(days=1)).isoformat()
            if first <= next_day:
                merged[-1] = (prev_first, max(prev_last, last))
                continue
        merged.append((first, last))
    return merged


def envelope(spells: Iterable[Spell]) -> Spell | None:
    """The one interval from the first day to the last."""
    items = list(spells)
    if not items:
        return None
    return min(s[0] for s in items), max(s[1] for s in items)


def timeset(spells: Iterable[Spell]) -> str:
    """Gephi's interval-set notation for spreadsheets: `<[2018-11-17, 2018-11-18]; [...]>`."""
    items = [f"[{a}, {b}]" for a, b in spells]
    return "<" + "; ".join(items) + ">" if items else ""
