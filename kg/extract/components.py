"""The steps of extraction behind small interfaces, and a registry of named factories for each (in the
manner of spaCy's `@Language.factory`): `@component("dates", "default")` registers a factory that
returns the step's function; `build_steps` makes the set a pipeline runs, from settings
(`KG_EXTRACT_STEPS="figures=none,hedges=none"`, every step not named taking "default").

Attribution, the step that most sets extractors apart, is chosen by the extractor itself
(`KG_EXTRACTOR`: the rules' parse-based finder, or the encoder's relations); the other steps are shared
by every extractor and chosen here. "none" turns an optional step off (a text read for its sources
alone needs no figures, dates or places): its claims then carry none.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from spacy.tokens import Doc

from kg.errors import ExtractorError
from kg.extract.dates import DateMention
from kg.extract.discourse import ClaimFacts
from kg.extract.sentences import Layout
from kg.model import Claim, Figure

Segmenter = Callable[[Doc, str | None], Layout]
"""The article's layout: headline, head, body units, tweets (doc, title) -> Layout."""
FigureFinder = Callable[..., list[Figure]]
"""The numbers a claim states: (text, offset, *, default_category) -> figures."""
DateFinder = Callable[[str, date | None, int], list[DateMention]]
"""The dates a text names, resolved against the publication date: (text, published, offset) -> mentions."""
PlaceFinder = Callable[[Doc, list[Claim]], None]
"""Sets every claim's places: those it names and those the article's discourse gives it."""
EventReader = Callable[[str], tuple[str | None, bool, str | None]]
"""What a claim tells: (text) -> (event type, refers back to an event, the kind of event it dates from)."""
ActorReader = Callable[[str], str | None]
"""Who carried the event out, as the claim names it: (text) -> name."""
HedgeReader = Callable[[str], bool]
"""Whether the claim's words hedge it ("reportedly", "may have"): (text) -> bool."""
Discourse = Callable[[list[Claim], list[ClaimFacts], date | None], None]
"""The in-article incidents: sets each claim's group, event type and (where it gives none) date."""


@dataclass(frozen=True, slots=True)
class Steps:
    """One choice of every step but attribution: what `claims_from_doc` calls."""

    segmentation: Segmenter
    figures: FigureFinder
    dates: DateFinder
    places: PlaceFinder
    events: EventReader
    actors: ActorReader
    hedges: HedgeReader
    discourse: Discourse


STEP_NAMES = tuple(f.name for f in fields(Steps))
_FACTORIES: dict[str, dict[str, tuple[Callable[[], Any], str]]] = {step: {} for step in STEP_NAMES}


def component(step: str, name: str, description: str) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
    """Register a factory (no arguments, returns the step's function) under a step and a name."""
    if step not in _FACTORIES:
        raise ValueError(f"unknown extraction step {step!r}; steps: {', '.join(STEP_NAMES)}")

    def wrap(factory: Callable[[], Any]) -> Callable[[], Any]:
        _FACTORIES[step][name] = (factory, description)
        return factory

    return wrap


def registered() -> dict[str, dict[str, str]]:
    """Every step's registered names with their descriptions."""
    return {step: {name: desc for name, (_, desc) in names.items()} for step, names in _FACTORIES.items()}


def parse_choices(text: str) -> dict[str, str]:
    """`"figures=none, hedges=none"` -> {"figures": "none", "hedges": "none"}; a clear error on anything else."""
    choices: dict[str, str] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        step, sep, name = (s.strip() for s in part.partition("="))
        if not sep or not step or not name:
            raise ExtractorError(f"extraction steps: {part!r} is not step=name (e.g. 'figures=none')")
        choices[step] = name
    return choices


def build_steps(choices: Mapping[str, str] | None = None) -> Steps:
    """The steps: each the named choice, else "default"."""
    choices = dict(choices or {})
    unknown = sorted(set(choices) - set(STEP_NAMES))
    if unknown:
        raise ExtractorError(f"unknown extraction step {', '.join(map(repr, unknown))}; "
                             f"steps: {', '.join(STEP_NAMES)}")
    made = {}
    for step in STEP_NAMES:
        name = choices.get(step, "default")
        if name not in _FACTORIES[step]:
            raise ExtractorError(f"no {step} step named {name!r}; known: {', '.join(_FACTORIES[step])}")
        made[step] = _FACTORIES[step][name][0]()
    return Steps(**made)


# ------------------------------------------------------------------ the registered steps

@component("segmentation", "default", "headline, head, body units and embedded tweets (kg/extract/sentences.py)")
def _segmentation() -> Segmenter:
    from kg.extract.sentences import layout

    return layout


@component("figures", "default", "counts with qualifier, category and victims (kg/extract/figures.py)")
def _figures() -> FigureFinder:
    from kg.extract.figures import find_figures

    return find_figures


@component("figures", "none", "no figures")
def _no_figures() -> FigureFinder:
    return lambda text, offset=0, **_: []


@component("dates", "default", "calendar and relative dates against the publication date (kg/extract/dates.py)")
def _dates() -> DateFinder:
    from kg.extract.dates import find_dates

    return find_dates


@component("dates", "none", "no dates")
def _no_dates() -> DateFinder:
    return lambda text, published, offset: []


@component("places", "default", "place names: entities, framed mentions and known names of the region, a place "
                                "named once found again, 'the town' referring back (kg/extract/placenames.py)")
def _places() -> PlaceFinder:
    from kg.extract.placenames import claim_places

    return claim_places


@component("places", "none", "no places")
def _no_places() -> PlaceFinder:
    return lambda doc, claims: None


@component("events", "default", "event type, reference back and reference point (kg/extract/discourse.py)")
def _events() -> EventReader:
    from kg.extract.discourse import event_and_anaphor

    return event_and_anaphor


@component("events", "none", "no event types")
def _no_events() -> EventReader:
    return lambda text: (None, False, None)


@component("actors", "default", "who carried the event out (kg/extract/events.py)")
def _actors() -> ActorReader:
    from kg.extract.events import actor

    return actor


@component("actors", "none", "no actors")
def _no_actors() -> ActorReader:
    return lambda text: None


@component("hedges", "default", "hedging words (kg/data/lexicon/hedges.txt)")
def _hedges() -> HedgeReader:
    from kg.extract.hedges import is_hedged

    return is_hedged


@component("hedges", "none", "no claim is hedged")
def _no_hedges() -> HedgeReader:
    return lambda text: False


@component("discourse", "default", "in-article incidents: a second strike is another incident, "
                                   "a background paragraph none (kg/extract/discourse.py)")
def _discourse() -> Discourse:
    from kg.extract.discourse import group_incidents

    return group_incidents


@component("discourse", "none", "no in-article incidents (claims are linked across articles alone); "
                                "each claim keeps the date it names")
def _no_discourse() -> Discourse:
    return _own_dates


def _own_dates(claims: list[Claim], facts: list[ClaimFacts], published: date | None) -> None:
    for claim, fact in zip(claims, facts, strict=True):
        if fact.date is not None:
            claim.date, claim.date_range = fact.date.value, fact.date.range


DEFAULT_STEPS = build_steps()

__all__ = ["DEFAULT_STEPS", "STEP_NAMES", "Steps", "build_steps", "component", "parse_choices", "registered"]
