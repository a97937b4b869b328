"""Plain data of the domain: articles, the claims extracted from them, and what claims are about.

Nothing here knows of spaCy, RDF or HTTP. Offsets are Python string indices into `Article.text`
(Unicode code points, end exclusive).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, TypeVar, get_args

# How pages and answers name the outlet of an article that gives none, and who speaks in its own voice
# (no agent: an outlet not given is never drawn as one)
NO_OUTLET = "outlet not given"
NO_OUTLET_VOICE = f"the article itself ({NO_OUTLET})"

# The closed vocabularies of the model, as types (mypy checks every value written into a field) and as
# the tuples of their values (for checking input and listing choices).
Qualifier = Literal["exact", "at_least", "more_than", "approximately", "at_most", "fewer_than"]
Category = Literal["killed", "injured", "missing", "bodies_recovered", "displaced", "detained"]
QuoteType = Literal["direct", "mixed", "indirect", "none"]
EventType = Literal["airstrike", "shelling", "armed_clash", "bombing", "shooting", "massacre", "explosion",
                    "ground_attack", "chemical_attack", "other"]
QUALIFIERS: tuple[Qualifier, ...] = get_args(Qualifier)
CATEGORIES: tuple[Category, ...] = get_args(Category)
QUOTE_TYPES: tuple[QuoteType, ...] = get_args(QuoteType)
EVENT_TYPES: tuple[EventType, ...] = get_args(EventType)
Word = TypeVar("Word", bound=str)


def in_vocabulary(value: str, choices: tuple[Word, ...], what: str) -> Word:
    """`value` as a member of the closed vocabulary `choices`; a ValueError naming `what` otherwise (where a
    value comes in from outside: the store, a word list, a synthetic vocabulary)."""
    if value not in choices:
        raise ValueError(f"{what} {value!r} is not one of: {', '.join(choices)}")
    return choices[choices.index(value)]
AGENT_KINDS = (
    "news_agency",
    "state_media",
    "outlet",
    "monitor",
    "government",
    "military",
    "armed_group",
    "official",
    "organization",
    "generic",
    "person",
)


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of an article's text: `text == article.text[start:end]`."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class Article:
    """One news article as ingested: the text exactly as loaded, plus what is known about it."""

    id: str
    text: str
    outlet: str | None = None
    published: date | None = None
    url: str | None = None
    title: str | None = None
    language: str = "en"
    origin: str | None = None  # file (and line or record) it was loaded from


# How a figure's qualifier reads with its count: the one wording of a stated number.
QUALIFIER_TEXT = {
    "exact": "{}", "at_least": "at least {}", "more_than": "more than {}", "approximately": "about {}",
    "at_most": "up to {}", "fewer_than": "fewer than {}",
}


def stated_count(qualifier: str, count: int | str) -> str:
    """A count with its qualifier, as every page, answer and export words it: "at least 36", "up to 20"."""
    return QUALIFIER_TEXT.get(qualifier, "{}").format(count)


@dataclass(frozen=True, slots=True)
class Figure:
    """A number a claim states: "at least 36 people killed"."""

    count: int
    qualifier: Qualifier = "exact"
    category: Category = "killed"
    victims: str = "people"
    span: Span | None = None

    @property
    def min_value(self) -> float:
        """Lower bound of the interval the qualifier implies."""
        if self.qualifier == "more_than":
            return self.count + 1
        if self.qualifier in ("at_most", "fewer_than"):
            return 0
        if self.qualifier == "approximately":
            return math.floor(self.count * 0.8)
        return self.count

    @property
    def max_value(self) -> float:
        """Upper bound of the interval the qualifier implies (infinity when open)."""
        if self.qualifier in ("at_least", "more_than"):
            return math.inf
        if self.qualifier == "fewer_than":
            return self.count - 1
        if self.qualifier == "approximately":
            return math.ceil(self.count * 1.2)
        return self.count

    @property
    def stated(self) -> str:
        """The number as stated with its qualifier and category: "at least 36 killed"."""
        return f"{stated_count(self.qualifier, self.count)} {self.category}"


@dataclass(slots=True)
class Agent:
    """A source, intermediary or outlet, canonical after resolution (`key` is stable)."""

    key: str
    label: str
    kind: str = "generic"
    aliases: tuple[str, ...] = ()
    country: str | None = None
    wikidata: str | None = None
    member_of: str | None = None  # key of the organisation a person speaks for
    is_person: bool = False


@dataclass(slots=True)
class Place:
    """A named place; coordinates and containment once resolved against a gazetteer."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    lat: float | None = None
    lon: float | None = None
    contained_in: str | None = None  # key of the containing place
    feature: str | None = None  # village, town, city, district, governorate, country, region
    geonames: str | None = None
    wikidata: str | None = None


@dataclass(slots=True)
class Hop:
    """One voice in a reporting chain: as named in the text, and the agent it resolves to."""

    name: str  # the name as written ("the Britain-based monitor"); "" for the outlet's own voice
    mention: Span | None = None
    agent: str | None = None  # canonical agent key, set by resolution
    antecedent: str | None = None  # for "he", "it": the name written earlier that it refers to
    own_voice: bool = False  # the publishing outlet speaking for itself (its agent, when it is given)

    @classmethod
    def outlet_voice(cls, mention: Span | None = None, agent: str | None = None) -> Hop:
        """The publishing outlet's own voice: no name; a mention where the text credits it ("--Reuters")."""
        return cls("", mention, agent, own_voice=True)


@dataclass(slots=True)
class Claim:
    """One attributed statement of an article.

    `source` is the original speaker; `via` the intermediaries from the source outward (the
    publishing outlet is never in it).
    """

    article_id: str
    span: Span
    source: Hop
    via: list[Hop] = field(default_factory=list)
    cue: str | None = None
    cue_span: Span | None = None
    quote: QuoteType = "none"
    hedged: bool = False
    event_type: EventType | None = None
    date: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY
    date_range: tuple[str, str] | None = None  # first and last day when the text gives a range
    places: list[Span] = field(default_factory=list)
    place_keys: list[str] = field(default_factory=list)
    actor: str | None = None
    figures: list[Figure] = field(default_factory=list)
    group: str | None = None  # the extractor's in-article group ("e1"): the claims of one event in the article
    incident: str | None = None  # the linked incident's key ("incident/..."), set by incident linking
    content: Span | None = None  # the reported content alone (no source, no cue), when attributed
    # the content's stretches when its source and cue interrupt it ('"...," he said, "..."'); else empty
    content_parts: list[Span] = field(default_factory=list)

    @property
    def key(self) -> str:
        """Deterministic id: the article and the claim's offsets."""
        return f"{self.article_id}/{self.span.start}-{self.span.end}"


def claim_order(key: str) -> tuple[str, int, int]:
    """A claim's key (`Claim.key`) as what it is made of, to order claims by article and place in it (a
    key not made so, as a store written by other software may hold, is its own article's first)."""
    article_id, _, offsets = key.rpartition("/")
    begin, _, end = offsets.partition("-")
    if not (article_id and begin.isdigit() and end.isdigit()):
        return key, -1, -1
    return article_id, int(begin), int(end)


@dataclass(frozen=True, slots=True)
class Evidence:
    """What two reports of one incident share, as incident linking weighs it (`kg.resolve.linking`)."""

    score: float  # about one point per agreeing piece of evidence; 3 and up links two reports
    same_day: bool = False  # both state the same narrow stretch of days
    days_apart: int | None = None  # both state days, this many apart (a penalty)
    event_type: str | None = None  # the type both give
    place_keys: tuple[str, ...] = ()  # places both name, villages and towns first
    nearest_km: float | None = None  # between their closest located places
    area_keys: tuple[str, ...] = ()  # districts and governorates both lie in
    actors: tuple[str, ...] = ()
    figures: tuple[tuple[Figure, Figure], ...] = ()  # close counts of one category, one from each, closest first
    words: float = 0.0  # similarity of their words (TF-IDF cosine, 0 to 1)


@dataclass(frozen=True, slots=True)
class Link:
    """Why one report of an incident is with another. A report is one article's claims about the
    incident, named by its first claim's key; an incident's links join each report to the one it shares
    most with (a maximum spanning tree of the linking scores), so a reader can judge every join."""

    claim: str  # first claim of the report joined
    to: str  # first claim of the report it shares most with
    evidence: Evidence


@dataclass(slots=True)
class Incident:
    """A real-world event that claims are about."""

    key: str
    event_type: EventType | None = None
    date: str | None = None
    date_range: tuple[str, str] | None = None
    place_keys: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    claim_keys: list[str] = field(default_factory=list)
    same_as: list[str] = field(default_factory=list)
    first_reported: str | None = None  # publication date (YYYY-MM-DD) of the earliest article about it
    # the first and last day its reports allow (stated days, or the days before publication), so that
    # linking finds it again for a new report; None when some report allows any day
    window: tuple[str, str] | None = None
    links: list[Link] = field(default_factory=list)  # why its reports are together (none read back)


@dataclass(slots=True)
class Extraction:
    """Everything one article yields: its claims and the agents and places they refer to."""

    article: Article
    claims: list[Claim]
    outlet: str | None = None  # agent key of the publishing outlet
    agents: dict[str, Agent] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
