"""The phrases whose meaning the gold records: figures, dates and places, each written with what it states.

The words come from kg/data/synth/words.yaml; what each kind of phrase means is here. Dates follow the
rules of news writing against the publication day: a bare weekday is the last such day on or before it,
"last week" the calendar week (Monday to Sunday) before the publication's, "earlier this month" the month.
"""

from __future__ import annotations

from bisect import bisect
from datetime import date, timedelta
from random import Random

from kg.model import Category, Figure
from kg.synth.template import Template, render
from kg.synth.vocabulary import Village, Vocabulary

GoldDate = str | tuple[str, str]


def number_text(rng: Random, vocab: Vocabulary, count: int) -> str:
    """A count as articles write it: small ones in words half of the time, thousands with commas."""
    if count < len(vocab.number_words) and rng.random() < 0.5:
        return vocab.number_words[count]
    return f"{count:,}"


def figure_text(rng: Random, vocab: Vocabulary, figure: Figure, noun: str | None) -> str:
    """'at least 40 people': the qualifier's phrase, the number and (unless None) the noun."""
    qualifier = rng.choice(vocab.qualifier_phrases[figure.qualifier])
    number = number_text(rng, vocab, figure.count)
    return " ".join(p for p in (qualifier, number, noun) if p)


def draw_figure(rng: Random, vocab: Vocabulary, count: int, category: Category, victims: str) -> Figure:
    """A figure of `count` with a qualifier drawn by the qualifiers' weights."""
    qualifier = vocab.qualifiers[bisect(vocab.qualifier_weights, rng.random() * vocab.qualifier_weights[-1])]
    return Figure(count=count, qualifier=qualifier, category=category, victims=victims)


def date_kinds(day: date, published: date) -> list[str]:
    """The kinds of date phrase that say `day` in an article of `published` (kg/data/synth/words.yaml)."""
    back = (published - day).days
    kinds = []
    if 0 <= back <= 6:
        kinds.append("weekday")
    if 2 <= back <= 7:
        kinds.append("last_weekday")
    if back == 1:
        kinds.append("yesterday")
    if 2 <= back <= 6:
        kinds.append("days_ago")
    monday = published - timedelta(days=published.weekday() + 7)
    if monday <= day <= monday + timedelta(days=6):
        kinds.append("last_week")
    if 0 <= back <= 60:
        kinds.append("month_day")  # the year left out: a day after publication would be last year's
    if 7 <= back and (day.year, day.month) == (published.year, published.month):
        kinds.append("this_month")
    return kinds


def date_phrase(rng: Random, vocab: Vocabulary, day: date, published: date) -> tuple[str, GoldDate]:
    """A phrase for `day` as seen from `published` and the date the gold records for it."""
    kinds = date_kinds(day, published)
    if not kinds:
        raise ValueError(f"no date phrase says {day} in an article of {published}")
    kind = rng.choice(kinds)
    back = (published - day).days
    values = {"weekday": vocab.weekdays[day.weekday()], "number": vocab.number_words[min(back, 6)],
              "month": vocab.months[day.month - 1], "day": str(day.day)}
    text = render(rng.choice(vocab.dates[kind]), values.__getitem__)
    if kind == "last_week":
        monday = published - timedelta(days=published.weekday() + 7)
        return text, (monday.isoformat(), (monday + timedelta(days=6)).isoformat())
    if kind == "this_month":
        return text, f"{day.year:04d}-{day.month:02d}"
    return text, day.isoformat()


def place_phrase(rng: Random, templates: tuple[Template, ...], village: Village
                 ) -> tuple[str, list[tuple[str, ...]]]:
    """A phrase naming `village` (and maybe its governorate) and the places it names, in order."""
    named: list[tuple[str, ...]] = []

    def fill(slot: str) -> str:
        if slot == "village":
            named.append(village.names)
            return village.written
        if slot == "governorate":
            named.append(village.governorate.names)
            return village.governorate.written
        return village.kind

    return render(rng.choice(templates), fill), named


__all__ = ["GoldDate", "date_kinds", "date_phrase", "draw_figure", "figure_text", "number_text", "place_phrase"]
