"""When things happened: date expressions in a claim, resolved against the publication date.

Relative expressions ("Saturday", "last Sunday", "two days after", "last week", "earlier this
month") only mean something against the day the article was published, so every function here
takes it. Arithmetic is done here rather than by a general parser: the rules of news writing
("Saturday" is the last Saturday on or before publication) are few and must be deterministic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from kg.extract.lexicon import alternation, load_lexicon, one_of
from kg.extract.numbers import UNITS

_LEXICON = load_lexicon()
MONTHS = dict(_LEXICON.months)  # every spelling of a month -> its number (kg/data/lexicon/months.txt)
WEEKDAYS = dict(_LEXICON.weekdays)  # kg/data/lexicon/weekdays.txt
_WORDS = _LEXICON.date_words  # kg/data/lexicon/date_words.txt
_MON = rf"(?P<mon>{alternation(MONTHS, longest_first=True)})\.?"
_DAYWORD = rf"(?P<wd>{alternation(WEEKDAYS, longest_first=True)})"
_COUNT = rf"(?P<n>\d+|{alternation(_WORDS['count'], longest_first=True)})"
_RECENT = one_of(_WORDS["recent"])
_MODIFIER = rf"(?P<mod>{alternation(_WORDS['weekday_modifier'], longest_first=True)})"
_DIRECTION = rf"(?P<dir>{alternation(_WORDS['direction'], longest_first=True)})"

# "29-07-2016"; page furniture may follow with no space ("21.08.2013Get short URL")
NUMERIC_DATE = re.compile(r"\b(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4})(?!\d)")
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    ("dmy_num", NUMERIC_DATE),
    ("mdy", re.compile(rf"\b{_MON}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{{4}}))?\b", re.I)),
    ("dmy", re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}(?:,?\s+(?P<y>\d{{4}}))?\b", re.I)),
    ("month_year", re.compile(rf"\b{_MON}\s+(?:of\s+)?(?P<y>\d{{4}})\b", re.I)),
    ("weekday", re.compile(rf"\b(?:{_MODIFIER}\s+)?{_DAYWORD}(?:'?s)?\b", re.I)),
    ("yesterday", re.compile(rf"\b{one_of(_WORDS['day_before'])}\b", re.I)),
    ("last_hours", re.compile(rf"\b(?:in\s+the\s+)?{_RECENT}\s+(?P<n>24|48|72)\s+hours\b", re.I)),
    ("days_ago", re.compile(rf"\b{_COUNT}\s+days?\s+{_DIRECTION}\b", re.I)),
    ("last_week", re.compile(rf"\b{_RECENT}\s+week(?:end)?\b", re.I)),
    ("this_month", re.compile(rf"\b{one_of(_WORDS['this_month_lead'])}\s+this\s+month\b|\bthis\s+month\b", re.I)),
    ("last_month", re.compile(rf"\b{_RECENT}\s+month\b", re.I)),
    ("last_year", re.compile(r"\blast\s+year\b", re.I)),
    ("year", re.compile(rf"\b{one_of(_WORDS['before_year'])}\s+"
                        r"(?P<y>(?:19[89]\d|20[0-3]\d))\b", re.I)),
)
# The stronger an expression pins the day, the earlier it wins.
RANK = {"iso": 0, "dmy_num": 0, "mdy": 0, "dmy": 0, "weekday": 1, "yesterday": 1, "days_ago": 2, "last_hours": 2,
        "last_week": 3, "month_year": 4, "this_month": 5, "last_month": 5, "year": 6, "last_year": 6}


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression in a text and what it resolves to (`first == last` for a single day)."""

    start: int
    end: int
    kind: str
    value: str  # YYYY-MM-DD, YYYY-MM or YYYY
    range: tuple[str, str] | None = None


def find_dates(text: str, published: date | None, offset: int = 0) -> list[DateMention]:
    """Every resolvable date expression in `text`, in text order (overlaps keep the stronger)."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            try:
                resolved = _resolve(kind, m, published)
            except OverflowError:  # "3000000 days ago": before the first day a date can be
                continue
            if resolved is None or not _plausible(resolved[0]):
                continue
            value, rng = resolved
            taken.append((m.start(), m.end()))
            found.append(DateMention(offset + m.start(), offset + m.end(), kind, value, rng))
    return sorted(found, key=lambda d: d.start)


def pick(mentions: list[DateMention], anchor: int | None = None) -> DateMention | None:
    """The mention that dates the claim: the strongest, or the one nearest `anchor` (a figure)."""
    if not mentions:
        return None
    if anchor is not None:
        return min(mentions, key=lambda d: (min(abs(d.start - anchor), abs(d.end - anchor)), RANK[d.kind]))
    return min(mentions, key=lambda d: (RANK[d.kind], d.start))


# How a page's head writes its publication date: "Wed 05 Apr 2017", "05 Apr 2017", "April 5, 2017",
# "Published February 18 2015", "2017-04-05", day first "27-02-2016" or "24.08.2013", and "Apr 232017" (FA-KES
# strips the comma of "Apr 23, 2017").
_HEAD_MONTH = rf"({alternation(MONTHS, longest_first=True)})"
_HEAD_DATES: tuple[tuple[re.Pattern[str], tuple[str, str, str]], ...] = (
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), ("y", "m", "d")),
    (NUMERIC_DATE, ("d", "m", "y")),
    (re.compile(rf"\b{_HEAD_MONTH}\.?\s+(\d{{1,2}})((?:19|20)\d{{2}})\b", re.I), ("mon", "d", "y")),
    (re.compile(rf"\b(\d{{1,2}})\s+{_HEAD_MONTH}\.?,?\s+(\d{{4}})\b", re.I), ("d", "mon", "y")),
    (re.compile(rf"\b{_HEAD_MONTH}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I), ("mon", "d", "y")),
)


def publication_date_from_head(text: str, window: int = 200) -> date | None:
    """The first date written in the article's head (dateline or byline), when metadata gave none."""
    found: list[tuple[int, date]] = []
    for pattern, order in _HEAD_DATES:
        for m in pattern.finditer(text[:window]):
            parts = dict(zip(order, m.groups(), strict=True))
            month = MONTHS[parts["mon"].lower()] if "mon" in parts else int(parts["m"])
            try:
                day = date(int(parts["y"]), month, int(parts["d"]))
            except ValueError:
                continue
            if EARLIEST_YEAR <= day.year <= LATEST_YEAR:  # "0001-01-01" is no publication date
                found.append((m.start(), day))
    return min(found)[1] if found else None


def _resolve(kind: str, m: re.Match[str], pub: date | None) -> tuple[str, tuple[str, str] | None] | None:
    g = m.groupdict()
    if kind in ("iso", "dmy_num", "mdy", "dmy"):
        month = int(g["m"]) if kind in ("iso", "dmy_num") else MONTHS[g["mon"].lower()[:3]]
        year = int(g["y"]) if g.get("y") else (pub.year if pub else None)
        if year is None:
            return None
        try:
            day = date(year, month, int(g["d"]))
        except ValueError:
            return None
        if not g.get("y") and pub and day > pub + timedelta(days=1):
            day = day.replace(year=year - 1)
        return day.isoformat(), None
    if kind == "month_year":
        return f"{int(g['y']):04d}-{MONTHS[g['mon'].lower()[:3]]:02d}", None
    if kind == "year":
        return g["y"], None
    if pub is None:
        return None
    if kind == "weekday":
        target = WEEKDAYS[g["wd"].lower()]
        back = (pub.weekday() - target) % 7
        if (g.get("mod") or "").lower() in ("last", "past", "previous") and back == 0:
            back = 7
        return (pub - timedelta(days=back)).isoformat(), None
    if kind == "yesterday":
        return (pub - timedelta(days=1)).isoformat(), None
    if kind == "last_hours":
        days = int(g["n"]) // 24
        return _range(pub - timedelta(days=days), pub)
    if kind == "days_ago":
        n = _count(g["n"])
        if n is None:
            return None
        if g["dir"].lower() in ("after", "later"):
            # "the report came two days after X": X is two days before the report's day or the one before
            return _range(pub - timedelta(days=n + 1), pub - timedelta(days=n))
        return (pub - timedelta(days=n)).isoformat(), None
    if kind == "last_week":
        monday = pub - timedelta(days=pub.weekday() + 7)
        return _range(monday, monday + timedelta(days=6))
    if kind == "this_month":
        return f"{pub.year:04d}-{pub.month:02d}", None
    if kind == "last_month":
        first = pub.replace(day=1) - timedelta(days=1)
        return f"{first.year:04d}-{first.month:02d}", None
    if kind == "last_year":
        return str(pub.year - 1), None
    return None


EARLIEST_YEAR, LATEST_YEAR = 1800, 2199  # a date outside is a typing error (and breaks date arithmetic)


def _plausible(value: str) -> bool:
    """Whether a resolved date ("2017-04-05", "2017-04", "2017") lies in the years a report can mean."""
    return EARLIEST_YEAR <= int(value[:4]) <= LATEST_YEAR


def _range(first: date, last: date) -> tuple[str, tuple[str, str]]:
    return first.isoformat(), (first.isoformat(), last.isoformat())


def _count(word: str) -> int | None:
    w = word.lower()
    if w.isdigit():
        return int(w)
    if w in ("a", "an"):
        return 1
    return UNITS.get(w)


__all__ = ["NUMERIC_DATE", "DateMention", "find_dates", "pick", "publication_date_from_head"]
