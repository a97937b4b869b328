"""The vocabulary: every namespace, class and property the project writes, and the IRIs it mints.

This module is the one owner of terms; `ontology/claims.ttl` documents them.
"""

from __future__ import annotations

from urllib.parse import quote, unquote

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

CG = Namespace("https://claimgraph.org/ontology#")
EVENT_TYPE = Namespace("https://claimgraph.org/ontology/event-type/")
AGENT_ROLE = Namespace("https://claimgraph.org/ontology/agent-role/")
SCHEMA = Namespace("http://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
OA = Namespace("http://www.w3.org/ns/oa#")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
WD = Namespace("http://www.wikidata.org/entity/")
GN = Namespace("https://sws.geonames.org/")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")

PREFIXES: dict[str, Namespace | type[DefinedNamespace]] = {
    "cg": CG,
    "cget": EVENT_TYPE,
    "cgrole": AGENT_ROLE,
    "schema": SCHEMA,
    "prov": PROV,
    "sem": SEM,
    "nif": NIF,
    "oa": OA,
    "skos": SKOS,
    "geo": GEO,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "dcterms": DCTERMS,
    "wd": WD,
}


def sparql_prefixes() -> str:
    """PREFIX lines for every namespace above, for queries written in code."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


class Iris:
    """Deterministic IRIs under a configurable base: the same input always mints the same IRI."""

    def __init__(self, base: str) -> None:
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def _mint(self, *parts: str) -> URIRef:
        return URIRef(self.base + "/".join(quote(p, safe="-_.~") for p in parts))

    def key(self, key: str) -> URIRef:
        """IRI of a resolved thing by its key ("agent/sohr", "place/sy/deir-ez-zor", "incident/...");
        a key's "/" stay path separators."""
        return URIRef(self.base + quote(key, safe="/-_.~"))

    def key_of(self, iri: str) -> str | None:
        """The key an IRI of ours was minted from (the inverse of `key`), or None."""
        local = self.local(iri)
        return unquote(local) if local is not None else None

    def article(self, article_id: str) -> URIRef:
        return self._mint("article", article_id)

    def article_graph(self, article_id: str) -> URIRef:
        return self._mint("graph", "article", article_id)

    def claim(self, claim_key: str) -> URIRef:
        article_id, _, offsets = claim_key.rpartition("/")
        return self._mint("claim", article_id, offsets)

    def within(self, parent: URIRef, *parts: str) -> URIRef:
        """IRI of a node owned by another (a claim's figures, hops, selectors)."""
        return URIRef(str(parent) + "/" + "/".join(quote(p, safe="-_.~") for p in parts))

    def graph(self, name: str) -> URIRef:
        """A registry graph: "agents", "places", "incidents"."""
        return self._mint("graph", name)

    def local(self, iri: str) -> str | None:
        """The path of an IRI under the base ("claim/a/1-2"), or None when it is not ours."""
        return iri[len(self.base):] if iri.startswith(self.base) else None


def event_type_iri(event_type: str) -> URIRef:
    return EVENT_TYPE[event_type]


def role_iri(kind: str) -> URIRef:
    return AGENT_ROLE[kind]
