"""Helpers the views share: ids <-> IRIs, VALUES blocks, paging, filters and the JSON-LD context."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from rdflib import URIRef
from rdflib.term import Node

from kg.errors import ParameterError
from kg.rdf.store import TextRow
from kg.rdf.vocab import CG, PREFIXES, Iris, sparql_prefixes

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


def text(row: TextRow, name: str) -> str | None:
    return row.get(name)


def integer(row: TextRow, name: str) -> int | None:
    return int(row[name]) if name in row else None


def tail(node: str | None) -> str | None:
    """The last path segment of an IRI (event types, roles)."""
    return str(node).rstrip("/").rsplit("/", 1)[-1] if node is not None else None


# What an IRI written in a query cannot hold (SPARQL's IRIREF): spaces, controls, <>"{}|^`\
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def given_iri(value: str, what: str) -> URIRef:
    """An IRI a parameter gives; ParameterError for one no query can hold (a space, '<', a quote)."""
    if _NOT_IN_IRI.search(value):
        raise ParameterError(f"{value!r} is not the IRI of any {what}")
    return URIRef(value)
