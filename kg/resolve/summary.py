"""What an incident's claims say, taken together: the view a fact-checker starts from.

Per figure category and victim group, each source's statement as an interval ("at least 36" is
[36, inf)); the lowest and highest statement; the interval all statements allow, if any; and the
conflicts, pairs of statements whose intervals cannot both be true ("17" against "28"), with the
claims on each side. "At least 36" and "at least 40" do not conflict: both hold if 40 died.

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

from kg.model import OUTLET_VOICE, Agent, Article, Claim, Extraction, Figure, Incident
from kg.resolve.agents import slug

REPRINT_SIMILARITY = 0.5
_QUALIFIER_TEXT = {
    "exact": "{}", "at_least": "at least {}", "more_than": "more than {}", "approximately": "about {}",
    "at_most": "up to {}", "fewer_than": "fewer than {}",
}


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

    @property
    def text(self) -> str:
        return _QUALIFIER_TEXT.get(self.qualifier, "{}").format(self.count)


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two stated values for the same victims that cannot both be true, with the claims stating each."""

    category: str
    victims: str
    a: tuple[Statement, ...]  # the lower value, as stated by one or more claims
    b: tuple[Statement, ...]  # the higher value
    same_source: bool  # one source revising its own toll, rather than sources disagreeing

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
    if claim.source.name == OUTLET_VOICE:
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
              agents: dict[str, Agent] | None = None) -> IncidentSummary:
    """The summary of one incident from its claims (those whose key the incident lists)."""
    agents = agents or {}
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
        for figure in claim.figures:
            statements[(figure.category, figure.victims)].append(_statement(claim, figure, key, label, chain))
    figures = [_range(cat, victims, items) for (cat, victims), items in sorted(statements.items())]
    return IncidentSummary(
        key=incident.key, event_type=incident.event_type, date=incident.date, date_range=incident.date_range,
        place_keys=list(incident.place_keys), actors=list(incident.actors),
        sources=sorted(sources.values(), key=lambda s: (s.outlet_voice, s.label.lower())),
        independent_sources=len(sources),
        appearances=len({c.article_id for c in mine}),
        first_report=_first_report(mine, articles),
        figures=figures,
        conflicts=[c for fr in figures for c in _conflicts(fr)],
    )


def _statement(claim: Claim, figure: Figure, key: str, label: str, chain: tuple[str, ...]) -> Statement:
    return Statement(claim.key, claim.article_id, key, label, chain, figure.count, figure.qualifier,
                     figure.min_value, figure.max_value)


def _range(category: str, victims: str, items: list[Statement]) -> FigureRange:
    low = min(items, key=lambda s: (s.min_value, s.max_value, s.claim_key))
    high = max(items, key=lambda s: (s.min_value, s.max_value, s.claim_key))
    first, last = max(s.min_value for s in items), min(s.max_value for s in items)
    return FigureRange(category, victims, items, low, high, (first, last) if first <= last else None)


def _conflicts(fr: FigureRange) -> list[Conflict]:
    by_value: dict[tuple[int, str], list[Statement]] = defaultdict(list)
    for st in fr.statements:
        by_value[(st.count, st.qualifier)].append(st)
    values = sorted(by_value.values(), key=lambda sts: (sts[0].min_value, sts[0].max_value))
    out = []
    for i, lower in enumerate(values):
        for higher in values[i + 1:]:
            lo, hi = lower[0], higher[0]
            # two numbers in one claim for the same victims are parts of a count ("22 bodies ...
            # as well as the remains of six other people"), not alternatives
            if {s.claim_key for s in lower} == {s.claim_key for s in higher} and len(lower) == len(higher) == 1:
                continue
            if max(lo.min_value, hi.min_value) > min(lo.max_value, hi.max_value):
                same = {s.source for s in lower} == {s.source for s in higher} and len({s.source for s in lower}) == 1
                out.append(Conflict(fr.category, fr.victims, tuple(lower), tuple(higher), same))
    return out


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
    by_key = {c.key: c for c in claims}
    return {inc.key: summarize(inc, [by_key[k] for k in inc.claim_keys if k in by_key], articles, agents)
            for inc in incidents}


def is_open(value: float) -> bool:
    """Whether an interval bound is open-ended (for renderers: omit `cg:maxValue`)."""
    return math.isinf(value)


__all__ = ["Conflict", "FigureRange", "FirstReport", "IncidentSummary", "SourceSummary", "Statement",
           "reprint_groups", "summarize", "summarize_all"]
