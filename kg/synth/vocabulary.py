"""What the synthetic corpus is made of, read once: the data files of kg/data/synth/, the agent registry and
the gazetteer, checked and compiled into plain frozen records.

- `voices.yaml`: which registry agents speak (sources, the people who speak for them, agencies, outlets)
  and how articles write their names;
- `words.yaml`: incident types, figures, qualifiers, date and place phrases;
- `sentences.yaml`: attribution frames, contents, headlines, background sentences.

Places are the gazetteer's own (kg/resolve/gazetteer_sources.py): the populated places of Syria that lie
in one of its governorates (kg/data/syria_admin.json). A name the registry does not know, a slot a section
may not use, or a malformed entry is an error naming the file and the entry.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from itertools import accumulate
from typing import Any

import yaml

from kg.model import CATEGORIES, QUALIFIERS, Agent, Figure, Place, Qualifier, in_vocabulary
from kg.resources import resource_text
from kg.synth.template import SynthDataError, Template, compile_template

CONTENT_SLOTS = frozenset({"killed", "toll", "children", "injured", "when", "place", "event", "the_event", "verb",
                           "target", "actor", "hedge"})
FRAME_SLOTS = CONTENT_SLOTS | {"source", "agency", "pronoun", "content"}
TITLE_SLOTS = frozenset({"toll", "event", "village", "governorate"})
DATE_SLOTS = frozenset({"weekday", "number", "month", "day"})
PLACE_SLOTS = frozenset({"village", "kind", "governorate"})
DATE_KINDS = ("weekday", "last_weekday", "yesterday", "days_ago", "last_week", "month_day", "this_month")
FRAME_GROUPS = ("attributed", "followup", "figure", "outlet")
CONTENT_GROUPS = ("toll", "report", "detail", "earlier")
_MARKS = re.compile(r"[\u2018\u2019\u02bf\u02be`´ʻ]")  # ayn and hamza marks: 'Dayr ‘Aţīyah' is 'Dayr Atiyah'
_WRITTEN = re.compile(r"[A-Z][A-Za-z'-]*(?: [A-Za-z][A-Za-z'-]*)*")  # a place name as English text writes it
AGENT_PREFIX = "agent/"  # the registry's agent keys are this and the key column of agents.csv
MAX_PLACE_NAMES = 8  # spellings of a place the gold lists (GeoNames has dozens, in many scripts)


@dataclass(frozen=True, slots=True)
class Voice:
    """An agent as articles name it: `names` are the gold's acceptable names (registry label and aliases,
    and every form written here)."""

    key: str
    names: tuple[str, ...]
    first: tuple[str, ...]
    later: tuple[str, ...]
    pronoun: str


@dataclass(frozen=True, slots=True)
class Source:
    """An original source of figures, and the people who may speak for it."""

    voice: Voice
    people: tuple[Voice, ...]


@dataclass(frozen=True, slots=True)
class Outlet:
    """A publisher: `name` is the article record's outlet, `site` names its (made-up) web site."""

    key: str
    name: str
    site: str


@dataclass(frozen=True, slots=True)
class Actor:
    """Who carried an incident out: as written, and as the gold names it."""

    text: str
    name: str


@dataclass(frozen=True, slots=True)
class EventKind:
    """An incident type (the gold's event_type) and its wording."""

    type: str
    nouns: tuple[tuple[str, str], ...]  # (indefinite, definite)
    verbs: tuple[str, ...]
    actors: tuple[Actor, ...]


@dataclass(frozen=True, slots=True)
class Governorate:
    key: str
    written: str
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Village:
    """A populated place: how articles write it, its acceptable names, its kind and where it lies."""

    key: str
    written: str
    names: tuple[str, ...]
    kind: str
    governorate: Governorate
    lat: float | None
    lon: float | None


@dataclass(frozen=True, slots=True)
class Frame:
    """How a statement is attributed: `cue` lemma (None for the outlet's voice), `quote` direct or indirect."""

    template: Template
    cue: str | None
    quote: str


@dataclass(frozen=True, slots=True)
class Content:
    """What a statement says; `quotes` when it quotes a fragment, `hedged` when its wording is uncertain."""

    template: Template
    hedged: bool
    quotes: bool


@dataclass(frozen=True, slots=True)
class Background:
    """A sentence on the war in general with its gold written out; `source` ("@outlet",) is the outlet's voice."""

    text: str
    source_key: str | None
    source: tuple[str, ...]
    cue: str | None
    quote: str
    hedged: bool
    date: str | None
    places: tuple[tuple[str, ...], ...]
    figures: tuple[Figure, ...]


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Everything the generator draws from, in a fixed order (the same seed gives the same corpus)."""

    sources: tuple[Source, ...]
    agencies: tuple[Voice, ...]
    outlets: tuple[Outlet, ...]
    events: tuple[EventKind, ...]
    villages: tuple[Village, ...]
    neighbours: Mapping[str, tuple[Village, ...]]  # villages by governorate key
    period: tuple[date, date]
    reports_per_incident: tuple[int, ...]
    publication_delay: tuple[int, ...]
    tolls: tuple[int, int]
    qualifiers: tuple[Qualifier, ...]
    qualifier_weights: tuple[float, ...]  # cumulative, for Random.choices
    qualifier_phrases: Mapping[str, tuple[str, ...]]
    victims: tuple[str, ...]
    number_words: tuple[str, ...]
    hedges: tuple[str, ...]
    targets: tuple[str, ...]
    dates: Mapping[str, tuple[Template, ...]]
    weekdays: tuple[str, ...]
    months: tuple[str, ...]
    places: tuple[Template, ...]
    nearby: tuple[Template, ...]
    nearby_km: float
    frames: Mapping[str, tuple[Frame, ...]]
    pairs: tuple[tuple[Frame, Frame], ...]
    contents: Mapping[str, tuple[Content, ...]]
    titles: tuple[Template, ...]
    background: tuple[Background, ...]


def _read(name: str) -> dict[str, Any]:
    data = yaml.safe_load(resource_text("data", f"synth/{name}"))
    if not isinstance(data, dict):
        raise SynthDataError(f"kg/data/synth/{name}: expected a mapping at the top")
    return data


def _get(data: Mapping[str, Any], key: str, kind: type, where: str) -> Any:
    value = data.get(key)
    if not isinstance(value, kind) or (isinstance(value, list | dict | str) and not value):
        raise SynthDataError(f"{where}: '{key}' must be a non-empty {kind.__name__}")
    return value


def _unique(names: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n for n in names if n))


def _voice(key: str, entry: Any, agents: Mapping[str, Agent], where: str) -> Voice:
    if key not in agents:
        raise SynthDataError(f"{where}: '{key}' is not an agent of the registry (kg/data/agents.csv)")
    if not isinstance(entry, dict):
        raise SynthDataError(f"{where}: '{key}' must map first, later and pronoun")
    first = tuple(map(str, _get(entry, "first", list, f"{where}.{key}")))
    later = tuple(map(str, _get(entry, "later", list, f"{where}.{key}")))
    pronoun = str(_get(entry, "pronoun", str, f"{where}.{key}"))
    agent = agents[key]
    return Voice(key, _unique([agent.label, *agent.aliases, *first, *later]), first, later, pronoun)


def _voices(data: dict[str, Any], agents: Mapping[str, Agent]) -> tuple[tuple[Source, ...], tuple[Voice, ...]]:
    where = "kg/data/synth/voices.yaml"
    sources = {k: _voice(k, v, agents, f"{where}: sources") for k, v in _get(data, "sources", dict, where).items()}
    people: dict[str, list[Voice]] = {}
    for key, entry in _get(data, "people", dict, where).items():
        person = _voice(key, entry, agents, f"{where}: people")
        org = agents[key].member_of
        if org is None or org not in sources:
            raise SynthDataError(f"{where}: people: '{key}' speaks for '{org}' (its member_of), which is no source")
        people.setdefault(org, []).append(person)
    agencies = tuple(_voice(k, v, agents, f"{where}: agencies") for k, v in _get(data, "agencies", dict, where).items())
    return tuple(Source(v, tuple(people.get(k, ()))) for k, v in sources.items()), agencies


def _outlets(data: dict[str, Any], agents: Mapping[str, Agent]) -> tuple[Outlet, ...]:
    from kg.resolve.agents import slug

    where = "kg/data/synth/voices.yaml: outlets"
    out = []
    for key in _get(data, "outlets", list, "kg/data/synth/voices.yaml"):
        if key not in agents:
            raise SynthDataError(f"{where}: '{key}' is not an agent of the registry (kg/data/agents.csv)")
        out.append(Outlet(key, agents[key].label, slug(agents[key].label)))
    return tuple(out)


def _events(data: dict[str, Any]) -> tuple[EventKind, ...]:
    where = "kg/data/synth/words.yaml: events"
    out = []
    for kind, entry in _get(data, "events", dict, "kg/data/synth/words.yaml").items():
        nouns = _get(entry, "nouns", list, f"{where}.{kind}")
        if not all(isinstance(n, list) and len(n) == 2 for n in nouns):
            raise SynthDataError(f"{where}.{kind}: each noun is a pair [indefinite, definite]")
        actors = tuple(Actor(str(a["text"]), str(a["name"])) for a in _get(entry, "actors", list, f"{where}.{kind}"))
        out.append(EventKind(kind, tuple((str(a), str(b)) for a, b in nouns),
                             tuple(map(str, _get(entry, "verbs", list, f"{where}.{kind}"))), actors))
    return tuple(out)


def _written(place: Place) -> str | None:
    """How English text writes a place: its name without diacritics, or the first alias that is plain."""
    folded = unicodedata.normalize("NFKD", _MARKS.sub("", place.label)).encode("ascii", "ignore").decode()
    for name in (folded, *place.aliases):
        if len(name) >= 4 and _WRITTEN.fullmatch(name):
            return name
    return None


def _places(places: list[Place], agents: Mapping[str, Agent]
            ) -> tuple[tuple[Village, ...], dict[str, tuple[Village, ...]]]:
    """The gazetteer's populated places in a Syrian governorate, with plain English names, in key order."""
    from kg.resolve.agents import norm

    governorates = {p.key: Governorate(p.key, p.aliases[0] if p.aliases else p.label, _unique([p.label, *p.aliases]))
                    for p in places if p.feature == "governorate"}
    agent_names = {norm(n) for a in agents.values() for n in (a.label, *a.aliases)}
    villages = []
    for place in sorted(places, key=lambda p: p.key):
        if place.feature not in ("city", "town", "village") or place.contained_in not in governorates:
            continue
        written = _written(place)
        if written is None or norm(written) in agent_names:
            continue
        plain = [a for a in place.aliases if _WRITTEN.fullmatch(a)]
        villages.append(Village(place.key, written, _unique([written, place.label, *plain])[:MAX_PLACE_NAMES],
                                place.feature, governorates[place.contained_in], place.lat, place.lon))
    if not villages:
        raise SynthDataError("the gazetteer holds no populated place in a Syrian governorate "
                             "(kg/data/syria_admin.json)")
    by_governorate: dict[str, list[Village]] = {}
    for village in villages:
        by_governorate.setdefault(village.governorate.key, []).append(village)
    return tuple(villages), {k: tuple(v) for k, v in by_governorate.items()}


def _templates(entries: Any, allowed: frozenset[str], where: str) -> tuple[Template, ...]:
    if not isinstance(entries, list) or not entries:
        raise SynthDataError(f"{where}: expected a non-empty list of templates")
    return tuple(compile_template(str(t), allowed, where) for t in entries)


def _frame(entry: Any, where: str) -> Frame:
    if not isinstance(entry, dict) or "text" not in entry:
        raise SynthDataError(f"{where}: each frame maps text (and cue, quote)")
    template = compile_template(str(entry["text"]), FRAME_SLOTS, where)
    voiced = bool(template.slots & {"source", "pronoun"})
    cue = entry.get("cue")
    if voiced != (cue is not None):
        raise SynthDataError(f"{where}: {entry['text']!r}: a frame with a speaker has a cue, the outlet's voice none")
    quote = str(entry.get("quote") or ("indirect" if voiced else "none"))
    if quote not in ("direct", "indirect", "none"):
        raise SynthDataError(f"{where}: {entry['text']!r}: quote is direct or indirect, not {quote!r}")
    return Frame(template, str(cue) if cue is not None else None, quote)


def _frames(data: dict[str, Any]) -> tuple[dict[str, tuple[Frame, ...]], tuple[tuple[Frame, Frame], ...]]:
    where = "kg/data/synth/sentences.yaml: frames"
    section = _get(data, "frames", dict, "kg/data/synth/sentences.yaml")
    frames = {g: tuple(_frame(e, f"{where}.{g}") for e in _get(section, g, list, where)) for g in FRAME_GROUPS}
    needs = {"attributed": "source", "followup": "pronoun", "figure": "source"}
    for group, slot in needs.items():
        for frame in frames[group]:
            if slot not in frame.template.slots:
                raise SynthDataError(f"{where}.{group}: {frame.template.text!r} has no {{{slot}}}")
    for group in ("attributed", "followup", "outlet"):
        for frame in frames[group]:
            if "content" not in frame.template.slots:
                raise SynthDataError(f"{where}.{group}: {frame.template.text!r} has no {{content}}")
    pairs = []
    for entry in _get(section, "pairs", list, where):
        if not isinstance(entry, list) or len(entry) != 2:
            raise SynthDataError(f"{where}.pairs: each pair is a list of two clauses")
        first, second = (_frame(e, f"{where}.pairs") for e in entry)
        if not {"source"} <= first.template.slots & second.template.slots:
            raise SynthDataError(f"{where}.pairs: both clauses of a pair need a {{source}}")
        pairs.append((first, second))
    return frames, tuple(pairs)


def _contents(data: dict[str, Any]) -> dict[str, tuple[Content, ...]]:
    where = "kg/data/synth/sentences.yaml: contents"
    section = _get(data, "contents", dict, "kg/data/synth/sentences.yaml")
    out = {}
    for group in CONTENT_GROUPS:
        contents = []
        for entry in _get(section, group, list, where):
            if not isinstance(entry, dict) or "text" not in entry:
                raise SynthDataError(f"{where}.{group}: each content maps text (and hedged)")
            template = compile_template(str(entry["text"]), CONTENT_SLOTS, f"{where}.{group}")
            contents.append(Content(template, bool(entry.get("hedged", False)), '"' in template.text))
        out[group] = tuple(contents)
    for content in out["toll"] + out["earlier"]:
        if not {"killed", "when", "place"} <= content.template.slots:
            raise SynthDataError(f"{where}: {content.template.text!r} tells an incident: it needs "
                                 "{killed}, {when} and {place}")
    return out


def _figure(entry: Any, where: str) -> Figure:
    try:
        count, qualifier, category = int(entry["count"]), str(entry["qualifier"]), str(entry["category"])
        victims = str(entry["victims"])
    except (KeyError, TypeError, ValueError):
        raise SynthDataError(f"{where}: a figure maps count, qualifier, category and victims: {entry!r}") from None
    try:
        return Figure(count=count, qualifier=in_vocabulary(qualifier, QUALIFIERS, "qualifier"),
                      category=in_vocabulary(category, CATEGORIES, "category"), victims=victims)
    except ValueError as exc:
        raise SynthDataError(f"{where}: {exc}") from None


def _background(data: dict[str, Any], agents: Mapping[str, Agent]) -> tuple[Background, ...]:
    where = "kg/data/synth/sentences.yaml: background"
    out = []
    for entry in _get(data, "background", list, "kg/data/synth/sentences.yaml"):
        if not isinstance(entry, dict) or "text" not in entry:
            raise SynthDataError(f"{where}: each entry maps text (and source, as, cue, date, places, figures)")
        text, key = str(entry["text"]), entry.get("source")
        if key is None:
            source: tuple[str, ...] = ("@outlet",)
            cue = None
        elif key not in agents:
            raise SynthDataError(f"{where}: {text!r}: '{key}' is not an agent of the registry (kg/data/agents.csv)")
        else:
            written = str(entry.get("as") or "")
            if not written or written not in text or "cue" not in entry:
                raise SynthDataError(f"{where}: {text!r}: an attributed sentence needs 'as' (its words for the "
                                     "source, found in the text) and 'cue'")
            source, cue = _unique([agents[key].label, *agents[key].aliases, written]), str(entry["cue"])
        date = entry.get("date")
        out.append(Background(
            text=text, source_key=key, source=source, cue=cue, quote="indirect" if key else "none",
            hedged=bool(entry.get("hedged", False)), date=str(date) if date is not None else None,
            places=tuple(tuple(map(str, names)) for names in entry.get("places") or ()),
            figures=tuple(_figure(f, f"{where}: {text!r}") for f in entry.get("figures") or ()),
        ))
    return tuple(out)


def _dates(data: dict[str, Any]) -> dict[str, tuple[Template, ...]]:
    where = "kg/data/synth/words.yaml: dates"
    section = _get(data, "dates", dict, "kg/data/synth/words.yaml")
    unknown = set(section) - set(DATE_KINDS)
    if unknown:
        raise SynthDataError(f"{where}: unknown kinds {sorted(unknown)}; known: {', '.join(DATE_KINDS)}")
    return {kind: _templates(section.get(kind), DATE_SLOTS, f"{where}.{kind}") for kind in DATE_KINDS}


def _ints(data: dict[str, Any], key: str, where: str) -> tuple[int, ...]:
    values = _get(data, key, list, where)
    if not all(isinstance(v, int) and v >= 0 for v in values):
        raise SynthDataError(f"{where}: '{key}' must list whole numbers of zero or more")
    return tuple(values)


def _number(data: dict[str, Any], key: str, where: str) -> float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise SynthDataError(f"{where}: '{key}' must be a number of zero or more")
    return float(value)


def build_vocabulary(voices: dict[str, Any], words: dict[str, Any], sentences: dict[str, Any],
                     agents: Mapping[str, Agent], places: list[Place]) -> Vocabulary:
    """The vocabulary from the parsed data files, the registry's agents (by the key column of agents.csv,
    `member_of` too) and the gazetteer's places."""
    w = "kg/data/synth/words.yaml"
    sources, agencies = _voices(voices, agents)
    villages, neighbours = _places(places, agents)
    qualifiers = _get(words, "qualifiers", dict, w)
    if set(qualifiers) - set(QUALIFIERS):
        raise SynthDataError(f"{w}: qualifiers: unknown {sorted(set(qualifiers) - set(QUALIFIERS))}; "
                             f"known: {', '.join(QUALIFIERS)}")
    names = tuple(q for q in QUALIFIERS if q in qualifiers)
    period = tuple(date.fromisoformat(str(d)) for d in _get(words, "period", list, w))
    tolls = _ints(words, "tolls", w)
    if len(period) != 2 or period[0] > period[1] or len(tolls) != 2 or not 3 <= tolls[0] <= tolls[1]:
        raise SynthDataError(f"{w}: period is [first, last] day; tolls [least, most], the least at least 3")
    number_words = tuple(map(str, _get(words, "number_words", list, w)))
    if len(number_words) < 7:
        raise SynthDataError(f"{w}: number_words must spell at least zero to six (days ago)")
    frames, pairs = _frames(sentences)
    return Vocabulary(
        sources=sources, agencies=agencies, outlets=_outlets(voices, agents), events=_events(words),
        villages=villages, neighbours=neighbours, period=(period[0], period[1]),
        reports_per_incident=_ints(words, "reports_per_incident", w),
        publication_delay=_ints(words, "publication_delay", w), tolls=(tolls[0], tolls[1]),
        qualifiers=names,
        qualifier_weights=tuple(accumulate(float(qualifiers[q]["weight"]) for q in names)),
        qualifier_phrases={q: tuple(map(str, qualifiers[q]["phrases"])) for q in names},
        victims=tuple(map(str, _get(words, "victims", list, w))), number_words=number_words,
        hedges=tuple(map(str, _get(words, "hedges", list, w))),
        targets=tuple(map(str, _get(words, "targets", list, w))),
        dates=_dates(words),
        weekdays=tuple(map(str, _get(words, "weekdays", list, w))),
        months=tuple(map(str, _get(words, "months", list, w))),
        places=_templates(words.get("places"), PLACE_SLOTS, f"{w}: places"),
        nearby=_templates(words.get("nearby"), PLACE_SLOTS, f"{w}: nearby"),
        nearby_km=_number(words, "nearby_km", w),
        frames=frames, pairs=pairs, contents=_contents(sentences),
        titles=_templates(sentences.get("titles"), TITLE_SLOTS, "kg/data/synth/sentences.yaml: titles"),
        background=_background(sentences, agents),
    )


@cache
def load_vocabulary() -> Vocabulary:
    """The shipped vocabulary: kg/data/synth/*.yaml with the agent registry and the built-in gazetteer."""
    from kg.resolve.agents import load_registry
    from kg.resolve.gazetteer_sources import builtin_places

    agents = {}
    for agent in load_registry().agents.values():  # by the key column of agents.csv, as the data files name them
        org = agent.member_of.removeprefix(AGENT_PREFIX) if agent.member_of else None
        agents[agent.key.removeprefix(AGENT_PREFIX)] = replace(agent, member_of=org)
    return build_vocabulary(_read("voices.yaml"), _read("words.yaml"), _read("sentences.yaml"), agents,
                            builtin_places())


__all__ = ["Actor", "Background", "Content", "EventKind", "Frame", "Governorate", "Outlet", "Source", "Village",
           "Vocabulary", "Voice", "build_vocabulary", "load_vocabulary"]
