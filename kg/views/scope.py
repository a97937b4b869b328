"""Filters every view takes: date range, place (with containment), event type, outlet.

`Filters` are what a user typed, checked; `Scope` is the same resolved against the store (place
and outlet names to IRIs), and `scope_pattern` the SPARQL group that selects the claims in scope.
Values reach SPARQL only as rdflib-serialised terms, never as pasted text.

Dates: a claim is in range when the date it states (a day, month, year or range), or else the
publication date of its article, overlaps [since, until].
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rdflib import Literal, URIRef

from kg.errors import QueryError
from kg.export.rows import stream
from kg.model import EVENT_TYPES
from kg.rdf.store import Store
from kg.rdf.vocab import Iris, event_type_iri, sparql_prefixes


@dataclass(frozen=True, slots=True)
class Filters:
    """What to keep; None means no constraint."""

    since: date | None = None
    until: date | None = None
    place: str | None = None
    event_type: str | None = None
    outlet: str | None = None


def _day(name: str, value: str | None) -> date | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise QueryError(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None


def parse_filters(*, since: str | None = None, until: str | None = None, place: str | None = None,
                  event_type: str | None = None, outlet: str | None = None) -> Filters:
    """Filters from text (command-line options, query parameters), checked."""
    first, last = _day("since", since), _day("until", until)
    if first and last and first > last:
        raise QueryError(f"since ({first}) is after until ({last})")
    if event_type and event_type not in EVENT_TYPES:
        raise QueryError(f"event type {event_type!r} is not one of: {', '.join(EVENT_TYPES)}")
    return Filters(first, last, place or None, event_type or None, outlet or None)


@dataclass(frozen=True, slots=True)
class Scope:
    """Filters resolved against a store."""

    filters: Filters
    places: tuple[str, ...] = ()  # the places named and every place inside them
    outlets: tuple[str, ...] = ()


def _candidates(iris: Iris, value: str, kind: str) -> list[URIRef]:
    if value.startswith(("http://", "https://")):
        return [URIRef(value)]
    keys = [value] if "/" in value else [f"{kind}/{value}"]
    return [iris.key(k) for k in keys]


def _match(store: Store, pattern: str, iris: Iris, value: str, kind: str) -> tuple[str, ...]:
    listed = ", ".join(i.n3() for i in _candidates(iris, value, kind))
    query = sparql_prefixes() + f"""
SELECT DISTINCT ?x WHERE {{
  {pattern}
  OPTIONAL {{ ?x skos:prefLabel|skos:altLabel ?name }}
  FILTER(?x IN ({listed}) || LCASE(STR(?name)) = {Literal(value.casefold()).n3()})
}} ORDER BY ?x"""
    return tuple(row["x"] for row in stream(store, query))


def _within(store: Store, places: tuple[str, ...]) -> tuple[str, ...]:
    """The places and every place inside them (schema:containedInPlace, any depth)."""
    query = sparql_prefixes() + f"""
SELECT DISTINCT ?x WHERE {{ {_values("top", places)} ?x schema:containedInPlace* ?top }} ORDER BY ?x"""
    return tuple(row["x"] for row in stream(store, query))


def resolve(store: Store, iris: Iris, filters: Filters) -> Scope:
    """Place and outlet names (key, IRI or label) to the IRIs they stand for, places with everything
    inside them; unknown names are errors."""
    places: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    if filters.place:
        named = _match(store, "?x a schema:Place .", iris, filters.place, "place")
        if not named:
            raise QueryError(f"no place matches {filters.place!r} (give a place key, IRI or name)")
        places = _within(store, named)
    if filters.outlet:
        outlets = _match(store, "?article schema:publisher ?x .", iris, filters.outlet, "outlet")
        if not outlets:
            raise QueryError(f"no outlet matches {filters.outlet!r} (give an outlet key, IRI or name)")
    return Scope(filters, places, outlets)


def _values(var: str, iris_: tuple[str, ...]) -> str:
    return f"VALUES ?{var} {{ {' '.join(URIRef(i).n3() for i in iris_)} }}"


def _date_bounds() -> str:
    return """
  OPTIONAL { ?claim cg:date ?scopeDate }
  OPTIONAL { ?claim cg:dateBegin ?scopeBegin ; cg:dateEnd ?scopeEnd }
  BIND(COALESCE(STR(?scopeBegin), STR(?scopeDate), STR(?published)) AS ?scopeFirst)
  BIND(COALESCE(STR(?scopeEnd), STR(?scopeDate), STR(?published)) AS ?scopeLast)
  BIND(IF(STRLEN(?scopeFirst) = 4, CONCAT(?scopeFirst, "-01-01"),
       IF(STRLEN(?scopeFirst) = 7, CONCAT(?scopeFirst, "-01"), ?scopeFirst)) AS ?scopeFrom)
  BIND(IF(STRLEN(?scopeLast) = 4, CONCAT(?scopeLast, "-12-31"),
       IF(STRLEN(?scopeLast) = 7, CONCAT(?scopeLast, "-31"), ?scopeLast)) AS ?scopeTo)"""


def scope_pattern(scope: Scope) -> str:
    """SPARQL that binds ?claim, ?article, ?outlet and ?published for every claim in scope."""
    f = scope.filters
    parts = ["?claim a cg:Claim ; schema:appearance ?article .",
             "OPTIONAL { ?article schema:datePublished ?published }"]
    if scope.outlets:
        parts += ["?article schema:publisher ?outlet .", _values("outlet", scope.outlets)]
    else:
        parts.append("OPTIONAL { ?article schema:publisher ?outlet }")
    if f.since or f.until:
        parts.append(_date_bounds())
        if f.since:
            parts.append(f"FILTER(BOUND(?scopeTo) && ?scopeTo >= {Literal(f.since.isoformat()).n3()})")
        if f.until:
            parts.append(f"FILTER(BOUND(?scopeFrom) && ?scopeFrom <= {Literal(f.until.isoformat()).n3()})")
    # sub-selects rather than FILTER EXISTS: evaluated once and joined, not once per claim
    if f.event_type:
        kind = event_type_iri(f.event_type).n3()
        parts.append(f"{{ SELECT DISTINCT ?claim WHERE {{ {{ ?claim cg:eventType {kind} }} UNION "
                     f"{{ ?claim cg:about/cg:eventType {kind} }} }} }}")
    if scope.places:
        parts.append("{ SELECT DISTINCT ?claim WHERE { " + _values("scopePlace", scope.places)
                     + " { ?claim cg:place ?scopePlace } UNION { ?claim cg:about/sem:hasPlace ?scopePlace } } }")
    return "\n  ".join(parts)
