"""When an incident happened, as an interval of days.

Claims give a day ("2018-11-17"), a month ("2011-03"), a year ("2014") or a range of days
("Saturday or Sunday": ["2017-04-15", "2017-04-16"]). Comparing them needs one shape: the first
and last day the statement allows. Two reports can be about the same incident only when their
intervals meet (or nearly meet, since a strike at night is dated either side of midnight).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, timedelta

Interval = tuple[date, date]


def parse_interval(value: str | None) -> Interval | None:
    """'2018-11-17' -> that day; '2018-11' -> the month; '2018' -> the year; None when unreadable."""
    if not value:
        return None
    parts = value.strip()[:10].split("-")
    try:
        if len(parts) == 3:
            day = date(int(parts[0]), int(parts[1]), int(parts[2]))
            return day, day
        if len(parts) == 2:
            year, month = int(parts[0]), int(parts[1])
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        if len(parts) == 1 and len(parts[0]) == 4:
            year = int(parts[0])
            return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None
    return None


def claim_interval(day: str | None, day_range: tuple[str, str] | list[str] | None) -> Interval | None:
    """The interval a claim's `date` or `date_range` allows (the range wins: it is what the text says)."""
    if day_range:
        first, last = parse_interval(day_range[0]), parse_interval(day_range[-1])
        if first and last:
            return min(first[0], last[0]), max(first[1], last[1])
    return parse_interval(day)


def width(interval: Interval) -> int:
    """Days the interval spans (1 for a single day)."""
    return (interval[1] - interval[0]).days + 1


def gap_days(a: Interval, b: Interval) -> int:
    """Days between two intervals; 0 when they overlap or touch."""
    if a[1] < b[0]:
        return (b[0] - a[1]).days
    if b[1] < a[0]:
        return (a[0] - b[1]).days
    return 0


def intersect(a: Interval, b: Interval) -> Interval | None:
    first, last = max(a[0], b[0]), min(a[1], b[1])
    return (first, last) if first <= last else None


def narrowest(intervals: Iterable[Interval]) -> Interval | None:
    """The most precise statement consistent with the others: their intersection when they have one,
    else the interval most often stated."""
    items = list(intervals)
    if not items:
        return None
    common: Interval | None = items[0]
    for item in items[1:]:
        common = intersect(common, item) if common else None
    if common:
        return common
    # They disagree: the most often stated, and of those the first (a lead states the incident's date).
    return max(items, key=lambda i: (items.count(i), -items.index(i)))


def before(day: date, days: int) -> Interval:
    """The `days` days up to and including `day`: where an undated report's incident likely lies."""
    return day - timedelta(days=days), day


def as_text(interval: Interval) -> tuple[str | None, tuple[str, str] | None]:
    """An interval as the model stores it: a `date` when it is one day, else a `date_range`."""
    if interval[0] == interval[1]:
        return interval[0].isoformat(), None
    return None, (interval[0].isoformat(), interval[1].isoformat())
