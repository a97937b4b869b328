"""Helpers the views share: ids <-> IRIs, VALUES blocks, paging, filters and the JSON-LD context."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import unquote

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.errors import ParameterError
from kg.model import EVENT_TYPES
from kg.rdf import terms
from kg.rdf.store import Store
from kg.rdf.vocab import CG, PREFIXES, Iris, event_type_iri, sparql_prefixes

PREFIX = sparql_prefixes()
MAX_LIMIT = 500

# The JSON of the REST resources read as JSON-LD: keys mapped to the ontology's terms.
JSON_CONTEXT: dict[str, Any] = {
    "@vocab": str(CG),
    **{p: str(ns) for p, ns in PREFIXES.items() if p in ("cg", "schema", "prov", "sem", "nif", "skos", "xsd")},
    "iri": "@id",
    "items": {"@id": "schema:itemListElement", "@container": "@list"},
    "text": "schema:text",
    "article": {"@id": "schema:appearance", "@type": "@id"},
    "article_iri": {"@id": "schema:appearance", "@type": "@id"},
    "source_iri": {"@id": "prov:wasAttributedTo", "@type": "@id"},
    "published": {"@id": "schema:datePublished", "@type": "xsd:date"},
    "begin": "nif:beginIndex",
    "end": "nif:endIndex",
    "label": "skos:prefLabel",
    "quote": "cg:quoteType",
    "hedged": "cg:hedged",
    "cue": "cg:cue",
    "figures": "cg:figure",
    "count": "cg:count",
    "qualifier": "cg:qualifier",
    "category": "cg:category",
    "victims": "cg:victims",
    "min": "cg:minValue",
    "max": "cg:maxValue",
}


@dataclass(frozen=True, slots=True)
class Page:
    """Which slice of a list: `limit` items from `offset`."""

    limit: int = 50
    offset: int = 0

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= MAX_LIMIT:
            raise ParameterError(f"limit must be between 1 and {MAX_LIMIT}, not {self.limit}")
        if self.offset < 0:
            raise ParameterError(f"offset must not be negative, not {self.offset}")


def values(var: str, terms: list[Node]) -> str:
    """A VALUES block for one variable over terms from the store (serialised, escaped by rdflib)."""
    return f"VALUES ?{var} {{ {' '.join(t.n3() for t in terms)} }}"


def local_id(iris: Iris, node: object, kind: str) -> str:
    """The id of a minted IRI within its kind: claim IRIs give 'article/offsets' unquoted."""
    local = iris.local(str(node)) or str(node)
    return unquote(local.removeprefix(kind + "/"))


def key_id(iris: Iris, node: object) -> str:
    """An agent or place IRI as its key ('agent/sohr', 'outlet/press-tv')."""
    return unquote(iris.local(str(node)) or str(node))


def text(row: dict[str, Node], name: str) -> str | None:
    return str(row[name]) if name in row else None


def boolean(row: dict[str, Node], name: str) -> bool:
    """A flag, typed (xsd:boolean) or read as its text ('true', or a server's '1')."""
    value = row.get(name)
    if not isinstance(value, Literal):
        return False
    return str(value) in ("true", "1") if value.datatype is None else bool(value.toPython())


def integer(row: dict[str, Node], name: str) -> int | None:
    return terms.integer(row[name]) if name in row else None


def tail(node: Node | None) -> str | None:
    """The last path segment of an IRI (event types, roles)."""
    return str(node).rstrip("/").rsplit("/", 1)[-1] if node is not None else None


# What an IRI written in a query cannot hold (SPARQL's IRIREF): spaces, controls, <>"{}|^`\
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def given_iri(value: str, what: str) -> URIRef:
    """An IRI a parameter gives; ParameterError for one no query can hold (a space, '<', a quote)."""
    if _NOT_IN_IRI.search(value):
        raise ParameterError(f"{value!r} is not the IRI of any {what}")
    return URIRef(value)


def _resolve(store: Store, iris: Iris, value: str, cls: str, what: str, example: str) -> URIRef:
    value = value.strip()
    if value.startswith(("http://", "https://")):
        return given_iri(value, what)
    if "/" in value:
        return iris.key(value)
    rows = store.select(PREFIX + f"""SELECT ?thing WHERE {{
      ?thing a {cls} ; skos:prefLabel|skos:altLabel ?label . FILTER(LCASE(STR(?label)) = LCASE(?name)) }}
      LIMIT 1""", {"name": Literal(value)})
    if not rows:
        raise ParameterError(f"no {what} called {value!r}; use an id such as {example}")
    return URIRef(str(rows[0]["thing"]))


def resolve_agent(store: Store, iris: Iris, value: str) -> URIRef:
    """An agent named by IRI, key ('agent/sohr') or label ('SOHR'); ParameterError when unknown."""
    return _resolve(store, iris, value, "prov:Agent", "source or outlet", "agent/sohr")


def resolve_place(store: Store, iris: Iris, value: str) -> URIRef:
    """A place named by IRI, key ('place/hajin') or label ('Hajin')."""
    return _resolve(store, iris, value, "schema:Place", "place", "place/deir-ez-zor")


def day_range(date_from: str | None, date_to: str | None, bound: dict[str, Node]) -> list[str]:
    """FILTERs keeping `?day` (an ISO date string) within [date_from, date_to]; binds their values."""
    parts = []
    for value, name, var, op in ((date_from, "date_from", "dayFrom", ">="), (date_to, "date_to", "dayTo", "<=")):
        if value:
            parts.append(f"FILTER(?day {op} ?{var})")
            bound[var] = Literal(iso_date(value, name))
    return parts


def event_type_pattern(subject: str, event_type: str, bound: dict[str, Node]) -> str:
    """`?subject cg:eventType ?eventType` for a type of the vocabulary; a clear error for another."""
    if event_type not in EVENT_TYPES:
        raise ParameterError(f"event_type must be one of {', '.join(EVENT_TYPES)}")
    bound["eventType"] = event_type_iri(event_type)
    return f"?{subject} cg:eventType ?eventType ."


def iso_date(value: str, name: str) -> str:
    """A query parameter that must be a day (YYYY-MM-DD)."""
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise ParameterError(f"{name} must be a date YYYY-MM-DD, not {value!r}") from None
