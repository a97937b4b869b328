"""The JSON the REST resources answer, as pydantic models: documentation, never validation.

The routes hand the plain dicts of `kg.views` to `api.render` unchanged; these models only describe
those dicts in /openapi.json, each attached to its route's 200 `application/json` answer by
`json_ok`, so a request pays nothing for them. A field is required when the view always writes it;
`X | None` is a value the view may write as null; `next` and `previous` are left out, not null, on
the first and last page. Extra keys are refused, so that a key a view adds without its model shows
up in tests/test_api_models.py and in the schemathesis run of tests/test_api_fuzz.py.

The JSON-LD answer (`application/ld+json`) is the same dict with an `@context` key in front; it is
not given a schema of its own.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from kg.extract.lexicon import load_lexicon

# Closed vocabularies of `kg.model` and `kg.queries` (tests/test_api_models.py checks they agree).
Qualifier = Literal["exact", "at_least", "more_than", "approximately", "at_most", "fewer_than"]
Category = Literal["killed", "injured", "missing", "bodies_recovered", "displaced", "detained"]
QuoteType = Literal["direct", "mixed", "indirect", "none"]
ParameterKind = Literal["iri", "string", "integer", "date", "boolean"]
# `kg.jobs`; `kg.views.compare`
JobState = Literal["queued", "running", "done", "failed"]
Agreement = Literal["agree", "conflict", "one source"]
IncidentAgreement = Literal["agree", "conflict", "one source", "no figures"]

# The victim groups a figure counts, as the extractor names them: the groups of
# kg/data/lexicon/victim_nouns.txt, and "people" when the text names none. Data, not a closed vocabulary of
# the model, so read from the word list: the schema lists them, and an answer naming another is invalid.
VICTIM_GROUPS = sorted({*load_lexicon().victim_nouns.values(), "people"})


def _victim_group(value: str) -> str:
    if value not in VICTIM_GROUPS:
        raise ValueError(f"victims {value!r} is none of the groups of kg/data/lexicon/victim_nouns.txt")
    return value


Victims = Annotated[str, AfterValidator(_victim_group), Field(json_schema_extra={"enum": VICTIM_GROUPS})]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def _absent_when_none(description: str) -> Any:
    """A field the view leaves out rather than writing null: a string in the schema, not required."""
    return Field(None, description=description, json_schema_extra=_no_default)


class Paged(Model):
    """The envelope of a paged list: `items` from `offset`, at most `limit`, of `total`; the URLs of
    the pages around it (`api.render.with_page_links`)."""

    total: int
    limit: int
    offset: int
    next: str | SkipJsonSchema[None] = _absent_when_none("The next page; absent on the last page")
    previous: str | SkipJsonSchema[None] = _absent_when_none("The previous page; absent on the first page")


# -- claims (kg.views.claims.claim_records) -------------------------------------------------------------


class PlaceRef(Model):
    id: str = Field(description="The place's key, e.g. place/sy/deir-ez-zor")
    label: str


class Hop(Model):
    """One agent of a claim's reporting chain: 0 the original source, then each intermediary."""

    position: int
    agent: str
    label: str
    as_written: str | None = Field(description="How the article names the agent")


class ClaimFigure(Model):
    figure: str = Field(description="The figure's IRI")
    count: int
    qualifier: Qualifier
    category: Category
    victims: Victims
    min: int
    max: int | None
    begin: int | None = Field(description="Offset of the number in the article's text")
    end: int | None


class Claim(Model):
    """An attributed claim: its sentence, who said it through whom, where it was published, and what it states."""

    id: str = Field(description="<article id>/<begin>-<end>")
    iri: str
    text: str
    begin: int
    end: int
    article: str
    article_iri: str
    published: str | None
    headline: str | None
    outlet: str | None
    outlet_label: str | None
    loaded_from: str | None = Field(description="The file the article was read from")
    source: str | None = Field(description="The original source's key; null for the own voice of an article "
                                           "whose outlet is not given")
    source_iri: str | None
    source_label: str
    own_voice: bool
    chain: list[Hop]
    via: list[str] = Field(description="The intermediaries' labels, in order")
    cue: str | None
    quote: QuoteType
    hedged: bool
    event_type: str | None
    date: str | None
    date_range: tuple[str, str] | None
    actor: str | None
    incident: str | None
    places: list[PlaceRef]
    figures: list[ClaimFigure]


class ClaimPage(Paged):
    items: list[Claim]


# -- figures side by side and conflicts (kg.views.figures) ----------------------------------------------


class SourceFigure(Model):
    claim: str
    stated: str = Field(description="The count with its qualifier, as a reader would say it")
    count: int
    qualifier: Qualifier
    min: int
    max: int | None
    via: list[str]


class SourceFigures(Model):
    source: str | None
    label: str
    figures: list[SourceFigure]


class Spread(Model):
    """The figures' range as stored with the incident when it was linked."""

    lowest: int | None = Field(description="The least value the lowest figure allows")
    highest: int | None = Field(description="The most value the highest figure allows; null when it is open "
                                            "('more than 40')")
    lowest_stated: str = Field(description="The lowest figure as stated, e.g. 'at least 36'")
    highest_stated: str = Field(description="The highest figure as stated, e.g. 'more than 40'")
    stated: str = Field(description="The range in words, as every page and export words it: "
                                    "'at least 36 to more than 40'")
    counts: list[int] = Field(description="Every count the claims give, once each")


class FigureRow(Model):
    """Every source's figures for one category and kind of victims."""

    category: Category
    victims: Victims
    sources: list[SourceFigures]
    spread: Spread | None = Field(description="null while the incident's linking is pending")


class Conflict(Model):
    """Two figures that cannot both be true, as stored when incidents were linked: the lower side first."""

    category: Category
    victims: Victims
    claim: str
    source: str | None
    stated: str
    text: str
    claims: list[str]
    other_claim: str
    other_source: str | None
    other_stated: str
    other_text: str
    other_claims: list[str]
    same_source: bool
    reason: str | None


# -- incidents (kg.views.incidents, incident_rows, timeline, locator_map, links) -----------------------


class FigureRange(Model):
    """A figure range stored with the incident when it was linked."""

    category: Category
    victims: Victims
    lowest: str
    highest: str
    min: int | None
    max: int | None
    consistent: bool


class IncidentRow(Model):
    """An incident in the list: where, when, what, how many claims and sources, its figures in one line."""

    id: str
    iri: str
    date: str | None
    event_type: str | None
    claims: int
    sources: int
    figures: list[FigureRange]
    independent_sources: int | None
    conflicts: int
    places: list[str] = Field(description="Labels of its innermost places, the most named first")
    place: str | None
    has_conflicts: bool
    headline: str


class IncidentPage(Paged):
    items: list[IncidentRow]


class IncidentSummary(Model):
    id: str
    iri: str
    event_type: str | None
    date: str | None
    date_range: tuple[str, str] | None
    places: list[PlaceRef]
    actors: list[str]
    same_as: list[str]
    independent_sources: int | None
    claims: int
    sources: int
    articles: int
    first_reported: str | None


class TimelineFigure(Model):
    stated: str
    count: int
    qualifier: Qualifier
    category: Category
    victims: Victims
    claim: str
    source: str | None
    source_label: str
    via: list[str]
    begin: int = Field(description="The claim's offsets in the article")
    end: int


class TimelineEntry(Model):
    """One article reporting the incident, and the figures it gave."""

    article: str
    published: str | None
    headline: str | None
    outlet: str | None
    outlet_label: str
    loaded_from: str | None
    claims: int
    figures: list[TimelineFigure]


class PlaceVoice(Model):
    source: str | None
    label: str
    figures: list[str]


class Location(Model):
    """A place the incident names, the places containing it, and where it can be drawn."""

    key: str
    label: str
    within: list[str]
    within_keys: list[str]
    lon: float | None
    lat: float | None
    located_at: str | None = Field(description="The containing place whose coordinates are used, if not its own")
    named_by: list[PlaceVoice]


class LinkedReport(Model):
    article: str
    outlet_label: str | None
    headline: str
    published: str | None


class IncidentLink(Model):
    """Why a report was joined to another of the incident, as linking weighed it."""

    claim: str
    to: str
    score: float
    same_day: bool
    days_apart: int | None
    event_type: str | None
    distance_km: float | None
    word_similarity: float
    places: list[str]
    areas: list[str]
    actors: list[str]
    close_figures: list[str]
    article: str
    to_article: str
    reasons: list[str]
    report: LinkedReport
    joined_to: LinkedReport


class Incident(IncidentSummary):
    figures: list[FigureRow]
    conflicts: list[Conflict]
    timeline: list[TimelineEntry]
    locations: list[Location]
    why_together: list[IncidentLink]


class IncidentClaim(Claim):
    conflicting: bool = Field(description="Whether one of the incident's conflicts involves this claim")


class SourceClaims(Model):
    source: str | None
    label: str
    iri: str | None
    claims: list[IncidentClaim]


class IncidentClaims(Paged):
    """One page of the claims about an incident (`sources`: `total` claims in all, grouped by original
    source on each page); the summary, the figures and the conflicts cover all of them."""

    incident: str
    iri: str
    summary: IncidentSummary
    sources: list[SourceClaims]
    figures: list[FigureRow]
    conflicts: list[Conflict]


# -- articles (kg.views.articles, kg.views.ingest) ------------------------------------------------------


class ArticleHead(Model):
    """What identifies an article in a list or an ingest's answer."""

    id: str
    iri: str
    published: str | None
    headline: str | None
    outlet: str | None
    outlet_label: str | None


class ArticleRow(ArticleHead):
    claims: int


class ArticlePage(Paged):
    items: list[ArticleRow]


class IngestedArticle(ArticleHead):
    """An article with its claims (`items`), without its text."""

    url: str | None
    loaded_from: str | None
    graph: str
    items: list[Claim]


class Article(IngestedArticle):
    text: str | None


class Ingested(Model):
    """What a batch ingested at once stored, and what it refused."""

    articles: list[IngestedArticle]
    changed: int
    replaced: int
    claims: int
    incidents: int
    conflicts: list[str]
    errors: list[str]


class JobProgress(Model):
    done: int
    total: int


class JobCounts(Model):
    stored: int
    unchanged: int
    replaced: int
    failed: int


class JobError(Model):
    record: int | None
    origin: str
    reason: str
    code: str


class JobArticle(Model):
    id: str
    href: str


class IngestJob(Model):
    id: str
    href: str
    state: JobState
    reason: str | None
    created: str
    started: str | None
    finished: str | None
    progress: JobProgress
    counts: JobCounts
    claims: int
    incidents: int | None
    errors: list[JobError]
    articles: list[JobArticle]


# -- sources and their comparison (kg.views.sources, kg.views.compare) ----------------------------------


class SourceRow(Model):
    id: str
    iri: str
    label: str
    role: str | None
    claims: int
    relayed: int


class SourcePage(Paged):
    items: list[SourceRow]


class Through(Model):
    chain: str = Field(description="The intermediaries' labels joined by →, or (directly)")
    claims: int


class Disagreement(Conflict):
    incident: str


class Source(Paged):
    """One source: over all its claims, the counts, outlets, chains and incidents; one page of its claims."""

    id: str
    iri: str
    label: str
    aliases: list[str]
    role: str | None
    member_of: str | None
    same_as: list[str]
    claims: int
    relayed: int
    outlets: list[str]
    through: list[Through]
    incidents: list[str]
    items: list[Claim]
    disagreements: list[Disagreement]


class ComparedSource(Model):
    id: str
    iri: str
    label: str


class ComparedFigure(Model):
    claim: str
    stated: str
    count: int
    qualifier: Qualifier
    min: int
    max: int | None
    via: list[str]
    article: str
    begin: int
    end: int
    published: str | None
    outlet_label: str | None


class SourceSide(Model):
    source: str
    figures: list[ComparedFigure]


class ComparedConflict(Model):
    category: Category
    victims: Victims
    source: str
    stated: str | None
    claim: str
    other_source: str
    other_stated: str | None
    other_claim: str
    reason: str | None


class Measure(Model):
    category: Category
    victims: Victims
    agreement: Agreement
    conflicts: list[ComparedConflict]
    by_source: list[SourceSide]


class ComparedIncident(Model):
    id: str
    iri: str
    event_type: str | None
    date: str | None
    places: list[str]
    independent_sources: int | None
    headline: str
    claims: dict[str, list[str]] = Field(description="Each compared source's claims about the incident, by source id")
    measures: list[Measure]
    agreement: IncidentAgreement


class Comparison(Paged):
    sources: list[ComparedSource]
    items: list[ComparedIncident]


# -- the front page and the named queries ---------------------------------------------------------------


class FrontPage(Model):
    articles: int
    outlets: int
    claims: int
    incidents: int
    sources: int
    published_from: str | None
    published_to: str | None
    most_reported: list[IncidentRow]
    in_conflict: list[IncidentRow]
    latest_articles: list[ArticleRow]


class QueryParameter(Model):
    name: str
    kind: ParameterKind
    optional: bool
    description: str


class NamedQuery(Model):
    name: str
    title: str
    description: str
    parameters: list[QueryParameter]
    query: str


class NamedQueries(Model):
    items: list[NamedQuery]


def _json_ld(model: type[BaseModel]) -> dict[str, Any]:
    """The schema of a resource as JSON-LD: the model's members and the `@context` (the model's own
    schema, whose nested models are the components its JSON answer publishes)."""
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}", mode="serialization")
    schema.pop("$defs", None)
    schema["properties"] = {"@context": {"type": "object", "description": "The JSON-LD context of every "
                                         "resource: its keys as terms of the claimgraph ontology, schema.org, "
                                         "PROV-O, SEM and NIF"}, **schema["properties"]}
    schema["required"] = ["@context", *schema.get("required", [])]
    return schema


def json_ok(model: type[BaseModel], example: dict[str, Any] | None = None,
            html: bool = False) -> dict[int | str, dict[str, Any]]:
    """The 200 answer of a rendered resource for FastAPI's `responses`: `model` as the schema of its
    `application/json` (and `example`); its JSON-LD, the same members with the `@context` that reads
    them as the ontology's terms (`api.render`); the page when `html`."""
    json_content: dict[str, Any] = {"example": example} if example is not None else {}
    content: dict[str, Any] = {"application/json": json_content, "application/ld+json": {"schema": _json_ld(model)}}
    if html:
        content["text/html"] = {}
    return {200: {"description": "OK", "model": model, "content": content}}
