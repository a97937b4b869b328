"""Synthetic articles with their gold: incidents reported by several outlets, each through its own sources.

One `Draws(seed)` (kg/synth/draws.py) draws everything in order, so the same count and seed give the same corpus, and
a shorter corpus is the start of a longer one. Articles are made one at a time: an incident lives only
while the articles that report it are made, so memory stays flat however many are asked for.

An incident has a type, a day, a place, a perpetrator and a few sources, each with its own figures (the
Observatory says "at least 36", state media "40"). Each outlet reporting it cites some of those sources,
maybe through an agency ("..., the Observatory said, AFP reported"), lets one go on ("..., it said"),
quotes a person speaking for one ("AFP quoted the observatory chief Rami Abdel Rahman as saying"), adds
statements in its own voice, an earlier incident nearby, and background. Every claim's gold follows from
the slots its sentence filled (kg/data/synth/sentences.yaml).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from random import Random

from kg.model import Figure
from kg.report import OWN_VOICE
from kg.resolve.geo import distance_km
from kg.synth.draws import Draws
from kg.synth.phrases import GoldDate, date_phrase, draw_figure, figure_text, place_phrase
from kg.synth.template import render
from kg.synth.vocabulary import (
    Actor,
    Background,
    Content,
    EventKind,
    Frame,
    Outlet,
    Source,
    Village,
    Vocabulary,
    Voice,
)

OUTLET_VOICE = (OWN_VOICE,)  # the gold's source of a sentence in the outlet's own voice
MAX_CITED = 4  # sources one article cites for its incident


# The records made for every article are plain slotted dataclasses, not frozen ones: a frozen dataclass
# sets each field through object.__setattr__, which made them a tenth of the generator's time.
@dataclass(slots=True)
class GoldClaim:
    """One claim of an article as ../shared/gold/FORMAT.md records it (names as lists of acceptable ones)."""

    sentence: str
    source: tuple[str, ...]
    via: tuple[tuple[str, ...], ...]
    cue: str | None
    quote: str
    hedged: bool
    incident: str | None
    event_type: str | None
    date: GoldDate | None
    places: tuple[tuple[str, ...], ...]
    actor: str | None
    figures: tuple[Figure, ...]


@dataclass(slots=True)
class SynthArticle:
    """An article record and its gold claims, in text order; `incident` is the one it reports."""

    id: str
    title: str
    text: str
    outlet: str
    published: date
    url: str
    incident: str
    claims: tuple[GoldClaim, ...]


@dataclass(slots=True)
class Report:
    """What one source says about an incident."""

    killed: Figure
    children: Figure
    injured: Figure


@dataclass(slots=True)
class Incident:
    """A synthetic incident; `nearby` when it happened close to the incident of the article that tells it."""

    id: str
    kind: EventKind
    day: date
    village: Village
    actor: Actor
    reports: tuple[tuple[Source, Report], ...]
    nearby: bool = False


@dataclass(slots=True)
class _Draft:
    """The gold of a claim, gathered while its sentence is filled."""

    figures: list[Figure] = field(default_factory=list)
    places: list[tuple[str, ...]] = field(default_factory=list)
    date: GoldDate | None = None
    actor: str | None = None
    hedged: bool = False


@dataclass(frozen=True, slots=True)
class _Menu:
    """What the vocabulary offers in each situation, sorted out once a run."""

    attributed: tuple[tuple[Frame, ...], tuple[Frame, ...]]  # [an agency is cited]
    direct: tuple[tuple[Frame, ...], tuple[Frame, ...]]  # [an agency is cited]
    quotable: tuple[Content, ...]  # what a person quoted says
    agencies: Mapping[str, tuple[Voice, ...]]  # agencies an outlet may cite, by outlet key


def _menu(vocab: Vocabulary) -> _Menu:
    attributed = vocab.frames["attributed"]
    plain = tuple(f for f in attributed if "agency" not in f.template.slots)
    return _Menu(
        attributed=(plain, attributed),
        direct=(tuple(f for f in plain if f.quote == "direct"), tuple(f for f in attributed if f.quote == "direct")),
        quotable=vocab.contents["detail"] + vocab.contents["report"],
        agencies={o.key: tuple(a for a in vocab.agencies if a.key != o.key) for o in vocab.outlets},
    )


@dataclass(slots=True)
class _Article:
    """An article being written: its sentences, claims, the voices named so far, the last speaker."""

    vocab: Vocabulary
    menu: _Menu
    rng: Random
    published: date
    outlet: Outlet
    agency: Voice | None
    sentences: list[str] = field(default_factory=list)
    claims: list[GoldClaim] = field(default_factory=list)
    named: set[str] = field(default_factory=set)
    said: set[int] = field(default_factory=set)  # ids of the contents used, each said once an article
    last: tuple[Voice, Voice | None] | None = None  # speaker and agency of the last attributed claim


@dataclass(slots=True)
class _Say:
    """Who says a clause about what: the speaker (None: the outlet), the agency passing it on, the figures."""

    speaker: Voice | None
    agency: Voice | None
    report: Report
    incident: Incident


def generate(count: int, seed: int, vocab: Vocabulary) -> Iterator[SynthArticle]:
    """`count` articles drawn from `seed`, one at a time, those reporting one incident in a row."""
    rng = Draws(seed)
    menu = _menu(vocab)
    made = 0
    incidents = 0
    while made < count:
        incidents += 1
        incident = _incident(rng, vocab, f"synth-{seed}-incident-{incidents:06d}")
        reports = min(rng.choice(vocab.reports_per_incident), len(vocab.outlets))
        for outlet in rng.sample(vocab.outlets, reports):
            if made == count:  # the draws do not depend on the count: a shorter corpus starts a longer one
                return
            made += 1
            yield _article(rng, vocab, menu, incident, outlet, f"synth-{seed}-{made:06d}")


def _incident(rng: Random, vocab: Vocabulary, incident_id: str) -> Incident:
    """A new incident somewhere in the period, with two to five sources."""
    kind = rng.choice(vocab.events)
    first, last = vocab.period
    day = first + timedelta(days=rng.randrange((last - first).days + 1))
    toll = rng.randint(*vocab.tolls)
    sources = rng.sample(vocab.sources, rng.randint(2, min(5, len(vocab.sources))))
    return Incident(incident_id, kind, day, rng.choice(vocab.villages), rng.choice(kind.actors),
                    tuple((source, _report(rng, vocab, toll)) for source in sources))


def _earlier(rng: Random, vocab: Vocabulary, incident_id: str, near: Incident, source: Source) -> Incident:
    """An incident a few days before `near`, elsewhere in its governorate, as `source` tells it."""
    kind = rng.choice(vocab.events)
    others = [v for v in vocab.neighbours[near.village.governorate.key] if v is not near.village]
    village = rng.choice(others or vocab.villages)
    a, b = near.village, village
    nearby = a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None \
        and distance_km(a.lat, a.lon, b.lat, b.lon) <= vocab.nearby_km
    return Incident(incident_id, kind, near.day - timedelta(days=rng.randint(1, 6)), village,
                    rng.choice(kind.actors), ((source, _report(rng, vocab, rng.randint(*vocab.tolls))),), nearby)


def _report(rng: Random, vocab: Vocabulary, toll: int) -> Report:
    """One source's figures around the true toll."""
    killed = max(3, round(toll * rng.uniform(0.7, 1.3)))
    return Report(
        killed=draw_figure(rng, vocab, killed, "killed", rng.choice(vocab.victims)),
        children=draw_figure(rng, vocab, max(2, round(killed * rng.uniform(0.1, 0.5))), "killed", "children"),
        injured=draw_figure(rng, vocab, max(2, round(killed * rng.uniform(0.5, 3.0))), "injured", "people"),
    )


def _article(rng: Random, vocab: Vocabulary, menu: _Menu, incident: Incident, outlet: Outlet, article_id: str
             ) -> SynthArticle:
    published = incident.day + timedelta(days=rng.choice(vocab.publication_delay))
    cited = [(s, r) for s, r in incident.reports if s.voice.key != outlet.key]
    cited = rng.sample(cited, rng.randint(1, min(MAX_CITED, len(cited))))
    agencies = menu.agencies[outlet.key]
    agency = rng.choice(agencies) if agencies and rng.random() < 0.6 else None
    art = _Article(vocab, menu, rng, published, outlet, agency)
    frames, contents = vocab.frames, vocab.contents

    # the lead: the incident told in full, by the first source or in the outlet's own voice
    source, report = cited[0]
    if rng.random() < 0.25:
        _say(art, rng.choice(frames["outlet"]), contents["toll"], _Say(None, None, report, incident))
    else:
        _say(art, _attributed(art), contents["toll"], _Say(_speaker(rng, source), agency, report, incident))
    # the other sources' figures, two at a time now and then
    rest = cited[1:]
    while rest:
        if len(rest) >= 2 and rng.random() < 0.3:
            first, second = rng.choice(vocab.pairs)
            _pair(art, first, second, _Say(rest[0][0].voice, None, rest[0][1], incident),
                  _Say(rest[1][0].voice, None, rest[1][1], incident))
            rest = rest[2:]
            continue
        source, report = rest.pop(0)
        if rng.random() < 0.3:
            _say(art, rng.choice(frames["figure"]), (), _Say(source.voice, None, report, incident))
        else:
            _say(art, _attributed(art), contents["report"], _Say(_speaker(rng, source), agency, report, incident))
    # a person speaking for a source, quoted
    if rng.random() < 0.4:
        source, report = next(((s, r) for s, r in cited if s.people), cited[0])
        _say(art, rng.choice(menu.direct[agency is not None]), menu.quotable,
             _Say(_speaker(rng, source, 0.8), agency, report, incident))
    # the last speaker goes on
    if art.last is not None and rng.random() < 0.5:
        speaker, via = art.last
        report = next((r for s, r in cited if s.voice is speaker or any(p is speaker for p in s.people)),
                      cited[0][1])
        _say(art, rng.choice(frames["followup"]), contents["detail"], _Say(speaker, via, report, incident))
    # the outlet's own words on the incident
    if rng.random() < 0.6:
        _say(art, rng.choice(frames["outlet"]), contents["detail"], _Say(None, None, cited[0][1], incident))
    # an earlier incident nearby
    if rng.random() < 0.35:
        earlier = _earlier(rng, vocab, f"{article_id}-earlier", incident, rng.choice(cited)[0])
        (source, report), = earlier.reports
        _say(art, _attributed(art), contents["earlier"], _Say(source.voice, agency, report, earlier))
    for background in rng.sample(vocab.background, rng.randint(1, 3)):
        _background(art, background)

    title = render(rng.choice(vocab.titles), _title_filler(rng, vocab, incident, cited[0][1]))
    return SynthArticle(
        id=article_id, title=title, text=_paragraphs(rng, art.sentences), outlet=outlet.name, published=published,
        url=f"https://{outlet.site}.example/{published:%Y/%m/%d}/{article_id}", incident=incident.id,
        claims=tuple(art.claims),
    )


def _attributed(art: _Article) -> Frame:
    """An attribution frame the article can use (one through an agency only when it cites one)."""
    return art.rng.choice(art.menu.attributed[art.agency is not None])


def _speaker(rng: Random, source: Source, person: float = 0.2) -> Voice:
    """The source itself, or now and then (`person` of the time) someone speaking for it."""
    if source.people and rng.random() < person:
        return rng.choice(source.people)
    return source.voice


def _say(art: _Article, frame: Frame, contents: tuple[Content, ...], say: _Say) -> None:
    """One sentence of one claim: `frame` around a content drawn from `contents` (when it takes one)."""
    content = _content(art, frame, contents) if "content" in frame.template.slots else None
    draft = _Draft(hedged=content.hedged if content else False)
    sentence = render(frame.template, _filler(art, say, content, draft))
    quote = "mixed" if frame.quote == "indirect" and content is not None and content.quotes else frame.quote
    _add(art, [sentence], [(sentence, frame, quote, say, draft)])


def _pair(art: _Article, first: Frame, second: Frame, one: _Say, other: _Say) -> None:
    """One sentence of two claims, a clause each ("X reported 36 killed, with Y reporting upwards of 40.")."""
    drafts = (_Draft(), _Draft())
    texts = [render(frame.template, _filler(art, say, None, draft))
             for frame, say, draft in ((first, one, drafts[0]), (second, other, drafts[1]))]
    _add(art, ["".join(texts)], [(texts[0].strip(), first, first.quote, one, drafts[0]),
                                 (texts[1].lstrip(" ,;").strip(), second, second.quote, other, drafts[1])])


def _add(art: _Article, sentences: list[str], claims: list[tuple[str, Frame, str, _Say, _Draft]]) -> None:
    """Keep a sentence and its claims, unless the article already has that sentence (its gold would be
    ambiguous); the speakers named in it count as named either way."""
    if any(s in art.sentences for s in sentences):
        return
    art.sentences.extend(sentences)
    for text, frame, quote, say, draft in claims:
        incident = say.incident
        via = _passed_by(frame, say)
        art.claims.append(GoldClaim(
            sentence=text, source=say.speaker.names if say.speaker else OUTLET_VOICE,
            via=(via.names,) if via else (), cue=frame.cue, quote=quote, hedged=draft.hedged, incident=incident.id,
            event_type=incident.kind.type, date=draft.date, places=tuple(draft.places), actor=draft.actor,
            figures=tuple(draft.figures),
        ))
        if say.speaker is not None:
            art.last = (say.speaker, via)


def _passed_by(frame: Frame, say: _Say) -> Voice | None:
    """The agency a claim comes through: the one its sentence names, or for a follow-up ("..., he said")
    the one of the sentence it follows."""
    if "agency" in frame.template.slots or "pronoun" in frame.template.slots:
        return say.agency
    return None


def _content(art: _Article, frame: Frame, contents: tuple[Content, ...]) -> Content:
    """A content the frame can hold (no quoted fragment inside a direct quotation), one the article has not
    said yet while there is one."""
    direct, said = frame.quote == "direct", art.said
    fits = [c for c in contents if not (direct and c.quotes) and id(c) not in said] \
        or [c for c in contents if not (direct and c.quotes)]
    content = art.rng.choice(fits)
    said.add(id(content))
    return content


def _filler(art: _Article, say: _Say, content: Content | None, draft: _Draft) -> Callable[[str], str]:
    """The function that fills a claim's slots, writing its gold into `draft` as it goes."""
    rng, vocab, incident, report = art.rng, art.vocab, say.incident, say.report

    def fill(slot: str) -> str:
        if slot == "content":
            assert content is not None
            return render(content.template, fill)
        if slot == "source":
            assert say.speaker is not None
            return _mention(art, say.speaker)
        if slot == "agency":
            assert say.agency is not None
            return _mention(art, say.agency)
        if slot == "pronoun":
            assert say.speaker is not None
            return say.speaker.pronoun
        if slot == "killed":
            draft.figures.append(report.killed)
            return figure_text(rng, vocab, report.killed, report.killed.victims)
        if slot == "toll":
            draft.figures.append(replace(report.killed, victims="people"))
            return figure_text(rng, vocab, report.killed, None)
        if slot == "children":
            draft.figures.append(report.children)
            return figure_text(rng, vocab, report.children, "children")
        if slot == "injured":
            draft.figures.append(report.injured)
            return figure_text(rng, vocab, report.injured, "people")
        if slot == "when":
            text, draft.date = date_phrase(rng, vocab, incident.day, art.published)
            return text
        if slot == "place":
            text, places = place_phrase(rng, vocab.nearby if incident.nearby else vocab.places, incident.village)
            draft.places.extend(places)
            return text
        if slot == "event":
            return rng.choice(incident.kind.nouns)[0]
        if slot == "the_event":
            return rng.choice(incident.kind.nouns)[1]
        if slot == "verb":
            return rng.choice(incident.kind.verbs)
        if slot == "actor":
            draft.actor = incident.actor.name
            return incident.actor.text
        if slot == "target":
            return rng.choice(vocab.targets)
        if slot == "hedge":
            draft.hedged = True
            return rng.choice(vocab.hedges)
        raise ValueError(f"no value for slot {{{slot}}}")

    return fill


def _mention(art: _Article, voice: Voice) -> str:
    """A voice's name as the article writes it: a first mention in full, a later one often shorter."""
    if voice.key in art.named and art.rng.random() < 0.6:
        return art.rng.choice(voice.later)
    art.named.add(voice.key)
    return art.rng.choice(voice.first)


def _background(art: _Article, background: Background) -> None:
    if background.text in art.sentences or background.source_key == art.outlet.key:
        return
    art.sentences.append(background.text)
    art.claims.append(GoldClaim(
        sentence=background.text, source=background.source, via=(), cue=background.cue, quote=background.quote,
        hedged=background.hedged, incident=None, event_type=None, date=background.date, places=background.places,
        actor=None, figures=background.figures,
    ))


def _title_filler(rng: Random, vocab: Vocabulary, incident: Incident, report: Report) -> Callable[[str], str]:
    values = {
        "toll": lambda: figure_text(rng, vocab, report.killed, None),
        "event": lambda: rng.choice(incident.kind.nouns)[0],
        "village": lambda: incident.village.written,
        "governorate": lambda: incident.village.governorate.written,
    }
    return lambda slot: values[slot]()


def _paragraphs(rng: Random, sentences: list[str]) -> str:
    """Sentences in paragraphs of one or two, a blank line between paragraphs."""
    paragraphs: list[str] = []
    i = 0
    while i < len(sentences):
        take = 2 if rng.random() < 0.3 else 1
        paragraphs.append(" ".join(sentences[i:i + take]))
        i += take
    return "\n\n".join(paragraphs)


__all__ = ["GoldClaim", "Incident", "Report", "SynthArticle", "generate"]
