"""What an incident's claims say, taken together: the view a fact-checker starts from.

Per figure category and victim group, each source's statement as an interval ("at least 36" is
[36, inf)); the lowest and highest statement; the interval all statements allow, if any; and the
conflicts, pairs of statements whose intervals cannot both be true ("17" against "28"), with the
claims on each side and a sentence saying why. "At least 36" and "at least 40" do not conflict: both
hold if 40 died.

Two statements conflict only when they count the same thing: the same category and victims, from
two different claims, over the same scope of place (the places one claim names are those of the
other, or contain them or lie inside them) and of time (their days meet), and neither is a toll of
the whole war ("the six-year conflict has killed 470000"). Two values one claim gives for the same
victims ("22 bodies ... and the remains of six other people", "nine of those killed") are parts of a
count, not a count: they conflict with nothing.

Sources are counted by independence: an original source is one source however many outlets carry
it (SOHR direct and SOHR via AFP are one), and an outlet's own statements in a wire story reprinted
by five outlets are one source with five appearances.

Plain dataclasses, computed by a pure function, so the RDF and API layers only render them.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from kg.extract.lexicon import alternation, load_lexicon
from kg.model import Agent, Article, Claim, Extraction, Figure, Incident, Place, stated_count
from kg.resolve.agents import slug
from kg.resolve.places import builtin_gazetteer
from kg.resolve.timespan import Interval, claim_interval, gap_days, width

REPRINT_SIMILARITY = 0.5


@dataclass(frozen=True, slots=True)
class Statement:
    """One claim's number for one category and victim group, with who said it."""

    claim_key: str
    article_id: str
    source: str  # key of the independent source
    source_label: str
    via: tuple[str, ...]  # labels of the intermediaries, source outward
    count: int
    qualifier: str
    min_value: float
    max_value: float  # math.inf when open
    # what the number counts over: the claim's places (innermost), its days, and whether it is a toll
    # of a whole war or a part of a count the claim gives; statements of other scopes never conflict
    places: tuple[str, ...] = ()
    interval: Interval | None = None
    background: bool = False
    part: bool = False
    reported: date | None = None  # the day the claim's story was first published (a reprint: its original's)

    @property
    def text(self) -> str:
        return stated_count(self.qualifier, self.count)


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two stated values for the same victims that cannot both be true, with the claims stating each."""

    category: str
    victims: str
    a: tuple[Statement, ...]  # the lower value, as stated by one source in one or more claims
    b: tuple[Statement, ...]  # the higher value, as stated by one source (another, or the same one again)
    same_source: bool  # one source revising its own toll, rather than sources disagreeing
    reason: str = ""  # why both cannot be true, in words a reader can check against the two sentences

    @property
    def a_text(self) -> str:
        return self.a[0].text

    @property
    def b_text(self) -> str:
        return self.b[0].text


@dataclass(slots=True)
class FigureRange:
    """All statements of one category and victim group ("killed", "children")."""

    category: str
    victims: str
    statements: list[Statement]
    low: Statement  # the lowest statement
    high: Statement  # the highest statement
    agreed: tuple[float, float] | None  # the interval every statement allows; None when they conflict


@dataclass(slots=True)
class SourceSummary:
    """One independent source of the incident's claims."""

    source: str
    label: str
    outlet_voice: bool
    claim_keys: list[str]
    chains: list[tuple[str, ...]]  # distinct reporting chains: () direct, ("AFP",) via AFP
    articles: list[str]  # appearances: the articles carrying it


@dataclass(frozen=True, slots=True)
class FirstReport:
    article_id: str
    published: str | None
    outlet: str | None
    claim_key: str


@dataclass(slots=True)
class IncidentSummary:
    key: str
    event_type: str | None
    date: str | None
    date_range: tuple[str, str] | None
    place_keys: list[str]
    actors: list[str]
    sources: list[SourceSummary]
    independent_sources: int
    appearances: int  # articles carrying claims about the incident
    first_report: FirstReport | None
    figures: list[FigureRange] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


def _shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + n]) for i in range(max(0, len(words) - n + 1))}


def reprint_groups(articles: Iterable[Article]) -> dict[str, str]:
    """Article id -> id of the earliest article whose text it largely repeats (itself when none)."""
    ordered = sorted(articles, key=lambda a: (a.published or date.max, a.id))
    shingles = {a.id: _shingles(a.text) for a in ordered}
    root: dict[str, str] = {}
    for i, article in enumerate(ordered):
        root[article.id] = article.id
        mine = shingles[article.id]
        for earlier in ordered[:i]:
            theirs = shingles[earlier.id]
            if mine and theirs and len(mine & theirs) / min(len(mine), len(theirs)) >= REPRINT_SIMILARITY:
                root[article.id] = root[earlier.id]
                break
    return root


def _source(claim: Claim, article: Article | None, agents: dict[str, Agent], story: str) -> tuple[str, str, bool]:
    """The independent source of a claim: key, label, and whether it is an outlet's own voice."""
    if claim.source.own_voice:
        outlet = article.outlet if article and article.outlet else "the outlet"
        return f"story/{story}", outlet, True
    key = claim.source.agent or f"agent/{slug(claim.source.name)}"
    agent = agents.get(key)
    while agent is not None and agent.member_of and agent.member_of in agents:
        agent = agents[agent.member_of]  # Rami Abdel Rahman speaks for SOHR
    if agent is not None:
        return agent.key, agent.label, False
    return key, claim.source.name, False


def _hop_label(name: str, key: str | None, agents: dict[str, Agent]) -> str:
    agent = agents.get(key or "")
    return agent.label if agent else name


def summarize(incident: Incident, claims: Iterable[Claim], articles: dict[str, Article],
              agents: dict[str, Agent] | None = None, places: dict[str, Place] | None = None) -> IncidentSummary:
    """The summary of one incident from its claims (those whose key the incident lists).

    `places` (with their containers) tell which places lie inside which, for the scope of figures."""
    agents = agents or {}
    places = places or {}
    wanted = set(incident.claim_keys)
    mine = [c for c in claims if c.key in wanted]
    stories = reprint_groups(articles[a] for a in {c.article_id for c in mine} if a in articles)
    sources: dict[str, SourceSummary] = {}
    statements: dict[tuple[str, str], list[Statement]] = defaultdict(list)
    for claim in mine:
        article = articles.get(claim.article_id)
        key, label, outlet_voice = _source(claim, article, agents, stories.get(claim.article_id, claim.article_id))
        chain = tuple(_hop_label(h.name, h.agent, agents) for h in claim.via)
        entry = sources.setdefault(key, SourceSummary(key, label, outlet_voice, [], [], []))
        entry.claim_keys.append(claim.key)
        if chain not in entry.chains:
            entry.chains.append(chain)
        if claim.article_id not in entry.articles:
            entry.articles.append(claim.article_id)
        scope = _places_scope(claim.place_keys, places), claim_interval(claim.date, claim.date_range)
        story = articles.get(stories.get(claim.article_id, claim.article_id))
        reported = story.published if story else None  # a reprint's story, as first published
        background = bool(_WIDER_TOLL.search(claim.span.text))
        no_toll = bool(_NO_TOLL.search(claim.span.text))  # "the previous death toll was 20", "he saw two dead"
        values: dict[tuple[str, str], set[tuple[int, str]]] = defaultdict(set)
        for figure in claim.figures:
            values[(figure.category, figure.victims)].add((figure.count, figure.qualifier))
        seen: set[tuple[str, str, int, str]] = set()
        for figure in claim.figures:
            if (figure.category, figure.victims, figure.count, figure.qualifier) in seen:
                continue  # the same number twice in one claim is one statement
            seen.add((figure.category, figure.victims, figure.count, figure.qualifier))
            part = len(values[(figure.category, figure.victims)]) > 1 or no_toll or _partitive(figure, claim, article)
            statements[(figure.category, figure.victims)].append(
                _statement(claim, figure, key, label, chain, scope, background, part, reported))
    figures = [_range(cat, victims, items) for (cat, victims), items in sorted(statements.items())]
    return IncidentSummary(
        key=incident.key, event_type=incident.event_type, date=incident.date, date_range=incident.date_range,
        place_keys=list(incident.place_keys), actors=list(incident.actors),
        sources=sorted(sources.values(), key=lambda s: (s.outlet_voice, s.label.lower())),
        independent_sources=len(sources),
        appearances=len({c.article_id for c in mine}),
        first_report=_first_report(mine, articles),
        figures=figures,
        conflicts=[c for fr in figures for c in _conflicts(fr, places)],
    )


def _statement(claim: Claim, figure: Figure, key: str, label: str, chain: tuple[str, ...],
               scope: tuple[tuple[str, ...], Interval | None], background: bool, part: bool,
               reported: date | None) -> Statement:
    return Statement(claim.key, claim.article_id, key, label, chain, figure.count, figure.qualifier,
                     figure.min_value, figure.max_value, scope[0], scope[1], background, part, reported)


ONE_EVENT_DAYS = 2  # the most days a count of one event spans ("Saturday and Sunday")
# A toll wider than one incident: over the whole war ("the six-year conflict", "since the start of the
# uprising", "Syria's civil war has killed"; "a war monitor" and "war crimes" are no such scope), over weeks
# or months ("in the past two weeks more than 200", "since April"), or across the country ("air strikes on
# towns across the country killed at least 44").
_MONTH_NAMES = alternation([m for m in load_lexicon().months if len(m) > 3], longest_first=True)
_WIDER_TOLL = re.compile(
    r"\b(?:the|this|its|syria'?s|syrias)\s+(?:[\w-]+\s+){0,2}(?:war|conflict|uprising|crisis|revolution)\b"
    r"(?!\s+(?:monitor|monitoring|crimes?|planes?|jets?|zones?|observatory)\b)"
    r"|\bsince\s+(?:the\s+)?(?:start|beginning|outbreak)\b|\bsince\s+(?:19|20)\d\d\b"
    r"|\b(?:so\s+far\s+this|this\s+past)\s+(?:year|month)\b"
    r"|\b(?:across|throughout)\s+(?:the\s+country|syria)\b|\bnationwide\b"
    r"|\b(?:in|over|during)\s+the\s+(?:past|last|previous)\s+(?:[\w-]+\s+)?(?:weeks|months|years)\b"
    r"|\bin\s+recent\s+(?:weeks|months)\b|\bsince\s+(?:early\s+|late\s+|mid-?)?(?:" + _MONTH_NAMES + r")\b", re.I)
# "nine of those killed", "three of them", "among them": a part of a count stated before
_PARTITIVE = re.compile(r"\s*(?:of|among)\s+(?:those|them|whom|these|the)\b", re.I)
_PARTIAL = load_lexicon().partial_counts  # kg/data/lexicon/partial_counts.txt
_INCREMENT_BEFORE = re.compile(rf"\b(?:{alternation(_PARTIAL['before'])})\s+\Z", re.I)
_INCREMENT_AFTER = re.compile(rf"\s+(?:{alternation(_PARTIAL['after'])})\b", re.I)
# a count no toll of its own by its claim's words: an earlier toll, or what one witness saw
_NO_TOLL = re.compile(rf"\b(?:{alternation([*_PARTIAL['earlier'], *_PARTIAL['witness']])})\b", re.I)


def _partitive(figure: Figure, claim: Claim, article: Article | None) -> bool:
    """Whether a count is a part of another: "nine of those killed", or an addition to it ("another
    three were killed", "three more civilians"; not "killed six and injured another ten", whose
    "another" sets the injured apart from the dead)."""
    if figure.span is None:
        return False
    if article is not None and article.text[figure.span.start:figure.span.end] == figure.span.text:
        text, start, end = article.text, figure.span.start, figure.span.end
    else:
        text, start = claim.span.text, figure.span.start - claim.span.start
        end = start + len(figure.span.text)
        if not 0 <= start <= end <= len(text):
            return False
    if _PARTITIVE.match(text, end):
        return True
    # after a count of something else, "another" tells the two apart: "killed six and injured another ten"
    after_other = any(f.category != figure.category and f.span is not None and f.span.start < figure.span.start
                      for f in claim.figures)
    return not after_other and bool(_INCREMENT_AFTER.match(text, end)
                                    or _INCREMENT_BEFORE.search(text, max(0, start - 20), start))


def _place(key: str, places: dict[str, Place]) -> Place | None:
    """A place record from the given ones, else from the built-in gazetteer (claims read back from the
    store carry keys only); a place minted under a known one ("place/sy/idlib/x") lies inside it."""
    place = places.get(key) or builtin_gazetteer().get(key)
    if place is None and "/" in key.removeprefix("place/"):
        container = key.rsplit("/", 1)[0]
        if container in places or builtin_gazetteer().get(container) is not None:
            return Place(key=key, label=key, contained_in=container)
    return place


def _ancestors(key: str, places: dict[str, Place]) -> list[str] | None:
    """The place and the places it lies in, innermost first; None when the place is unknown."""
    place = _place(key, places)
    if place is None:
        return None
    chain, seen = [key], {key}
    while place is not None and place.contained_in and place.contained_in not in seen:
        chain.append(place.contained_in)
        seen.add(place.contained_in)
        place = _place(place.contained_in, places)
    return chain


def country_of(key: str, places: dict[str, Place]) -> str | None:
    """The country a place lies in (itself, for a country); None when its chain reaches none."""
    return next((k for k in _ancestors(key, places) or [] if (p := _place(k, places)) and p.feature == "country"),
                None)


def _places_scope(keys: Iterable[str], places: dict[str, Place]) -> tuple[str, ...]:
    """The innermost of a claim's places: "Saraqeb, Idlib province, Syria" counts over Saraqeb."""
    keys = list(dict.fromkeys(keys))
    outer = {a for k in keys for a in (_ancestors(k, places) or [k])[1:]}
    return tuple(k for k in keys if k not in outer)


def related_places(a: str, b: str, places: dict[str, Place]) -> bool:
    """One place is the other or lies in it; a place nobody knows is given the benefit of the doubt."""
    chain_a, chain_b = _ancestors(a, places), _ancestors(b, places)
    if chain_a is None or chain_b is None:
        return True
    return a in chain_b or b in chain_a


def same_scope(s: Statement, t: Statement, places: dict[str, Place] | None = None) -> bool:
    """Whether two statements count over the same place and time (so that they can conflict).

    A claim that names no place or no day takes the incident's. A count over a span of more than
    `ONE_EVENT_DAYS` days and a count of a day or two are of different times. Every place one names must be one the
    other names, or contain it, or lie in it: "11 in Saraqeb" and "39 in Saraqeb and Sheikh Mustafa"
    count different things. A place the gazetteer does not know counts only where a claim names no known one."""
    places = places or {}
    if s.background or t.background or s.part or t.part:
        return False
    if s.interval and t.interval and (gap_days(s.interval, t.interval) > 0
                                      or (width(s.interval) > ONE_EVENT_DAYS) != (width(t.interval) > ONE_EVENT_DAYS)):
        return False  # other days, or a toll over weeks against the count of a day ("in the past two weeks 200")
    if s.places and t.places:
        # a place nobody knows says nothing where the claim also names known ones: "3 in al-X neighbourhood in
        # Hasaka" and "9 in Hasaka and Aleppo" count over different places
        mine, theirs = _known_first(s.places, places), _known_first(t.places, places)
        if not all(any(related_places(p, q, places) for q in theirs) for p in mine):
            return False
        if not all(any(related_places(q, p, places) for p in mine) for q in theirs):
            return False
    return True


def _known_first(keys: tuple[str, ...], places: dict[str, Place]) -> tuple[str, ...]:
    """The places of `keys` whose containers are known, or all of them when none is."""
    return tuple(k for k in keys if _ancestors(k, places) is not None) or keys


def _range(category: str, victims: str, items: list[Statement]) -> FigureRange:
    """The lowest and highest counts stated, of the whole toll where one is stated: "another three were
    killed" beside "at least eight" gives at least eight, not three to at least eight."""
    whole = [s for s in items if not (s.part or s.background)] or items
    low = min(whole, key=lambda s: (s.min_value, s.max_value, s.claim_key))
    high = max(whole, key=lambda s: (s.min_value, s.max_value, s.claim_key))
    first, last = max(s.min_value for s in whole), min(s.max_value for s in whole)
    return FigureRange(category, victims, items, low, high, (first, last) if first <= last else None)


def _conflicts(fr: FigureRange, places: dict[str, Place] | None = None) -> list[Conflict]:
    """Pairs of values (lower, higher) that cannot both be true, one conflict per pair of sources.

    Each side keeps the statements of one source giving that value whose scope is the same as one
    statement on the other side; a value and another of its own claim, or of the same source and the
    same number, never meet here (their intervals overlap, or they are parts). Nor does a count and a
    higher one reported on a later day: that is the toll rising (the wounded die, bodies are found)."""
    by_value: dict[tuple[int, str], list[Statement]] = defaultdict(list)
    for st in fr.statements:
        if not (st.part or st.background):
            by_value[(st.count, st.qualifier)].append(st)
    values = sorted(by_value.values(), key=lambda sts: (sts[0].min_value, sts[0].max_value))
    out = []
    for i, lower in enumerate(values):
        for higher in values[i + 1:]:
            lo, hi = lower[0], higher[0]
            if max(lo.min_value, hi.min_value) <= min(lo.max_value, hi.max_value):
                continue  # both can hold
            for source_a in dict.fromkeys(s.source for s in lower):
                for source_b in dict.fromkeys(s.source for s in higher):
                    a = [s for s in lower if s.source == source_a]
                    b = [s for s in higher if s.source == source_b]
                    a = [s for s in a if any(_disagree(s, t, places) for t in b)]
                    b = [t for t in b if any(_disagree(s, t, places) for s in a)]
                    if a and b:
                        out.append(Conflict(fr.category, fr.victims, tuple(a), tuple(b), source_a == source_b,
                                            reason(fr.category, fr.victims, a[0], b[0])))
    return out


def _disagree(lower: Statement, higher: Statement, places: dict[str, Place] | None) -> bool:
    """Whether a lower count and a higher one, whose values cannot both hold, are at odds: two claims
    counting the same thing, the higher not reported on a later day than the lower."""
    rose = lower.reported is not None and higher.reported is not None and higher.reported > lower.reported
    return lower.claim_key != higher.claim_key and not rose and same_scope(lower, higher, places)


_DONE = {"killed": "were killed", "injured": "were injured", "missing": "are missing",
         "bodies_recovered": "were found dead", "displaced": "were displaced", "detained": "were detained"}


def reason(category: str, victims: str, lower: Statement, higher: Statement) -> str:
    """Why two statements cannot both be true, in words: "SANA says 17 people were killed; SOHR says
    at least 36, more than SANA's 17 allows"."""
    noun = "person" if victims == "people" and lower.count == 1 and lower.qualifier == "exact" else victims
    done = _DONE.get(category, f"were counted as {category.replace('_', ' ')}")
    if lower.count == 1 and lower.qualifier == "exact":
        done = done.replace("were ", "was ").replace("are ", "is ")
    said = f"{lower.source_label} says {lower.text} {noun} {done}"
    if lower.source == higher.source:
        return f"{said}, and in another sentence {higher.text}: the two counts cannot both be true"
    return f"{said}; {higher.source_label} says {higher.text}, more than {lower.source_label}'s {lower.text} allows"


def _first_report(claims: list[Claim], articles: dict[str, Article]) -> FirstReport | None:
    if not claims:
        return None

    def order(c: Claim) -> tuple[date, str, int]:
        article = articles.get(c.article_id)
        return (article.published if article and article.published else date.max), c.article_id, c.span.start

    first = min(claims, key=order)
    article = articles.get(first.article_id)
    published = article.published.isoformat() if article and article.published else None
    return FirstReport(first.article_id, published, article.outlet if article else None, first.key)


def summarize_all(incidents: Iterable[Incident], extractions: Iterable[Extraction]) -> dict[str, IncidentSummary]:
    """Summaries of all incidents, by key, from the extractions that carry their claims."""
    extractions = list(extractions)
    claims = [c for e in extractions for c in e.claims]
    articles = {e.article.id: e.article for e in extractions}
    agents: dict[str, Agent] = {}
    for e in extractions:
        agents.update(e.agents)
    places: dict[str, Place] = {}
    for e in extractions:
        places.update(e.places)
    by_key = {c.key: c for c in claims}
    return {inc.key: summarize(inc, [by_key[k] for k in inc.claim_keys if k in by_key], articles, agents, places)
            for inc in incidents}


def is_open(value: float) -> bool:
    """Whether an interval bound is open-ended (for renderers: omit `cg:maxValue`)."""
    return math.isinf(value)


__all__ = ["Conflict", "FigureRange", "FirstReport", "IncidentSummary", "SourceSummary", "Statement", "country_of",
           "reason", "reprint_groups", "same_scope", "summarize", "summarize_all"]
