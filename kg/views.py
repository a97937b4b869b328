"""Data for the readers' views, computed from the store (rendering is the API's job)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rdflib import URIRef

from kg.errors import NotFound
from kg.rdf.store import Store
from kg.rdf.vocab import Iris, sparql_prefixes

_INCIDENTS = sparql_prefixes() + """
SELECT ?incident ?type ?date (COUNT(DISTINCT ?claim) AS ?claims) WHERE {
  ?incident a cg:Incident .
  OPTIONAL { ?incident cg:eventType ?type }
  OPTIONAL { ?incident sem:hasTimeStamp ?date }
  OPTIONAL { ?claim cg:about ?incident }
} GROUP BY ?incident ?type ?date ORDER BY ?date ?incident"""

_INCIDENT_CLAIMS = sparql_prefixes() + """
SELECT ?claim ?text ?begin ?end ?article ?source ?sourceLabel ?cue ?quote ?hedged WHERE {
  ?claim cg:about ?incident ; schema:text ?text ; nif:beginIndex ?begin ; nif:endIndex ?end ;
         schema:appearance ?article ; prov:wasAttributedTo ?source ; cg:quoteType ?quote ; cg:hedged ?hedged .
  OPTIONAL { ?source skos:prefLabel ?sourceLabel }
  OPTIONAL { ?claim cg:cue ?cue }
} ORDER BY ?article ?begin"""

_CHAIN = sparql_prefixes() + """
SELECT ?claim ?position ?agent ?label WHERE {
  ?claim cg:about ?incident ; cg:hop ?hop . ?hop cg:position ?position ; cg:agent ?agent .
  OPTIONAL { ?agent skos:prefLabel ?label }
} ORDER BY ?claim ?position"""


def _id(iris: Iris, node: object, kind: str) -> str:
    local = iris.local(str(node)) or str(node)
    return local.removeprefix(kind + "/")


def list_incidents(store: Store, iris: Iris) -> list[dict[str, Any]]:
    return [
        {
            "id": _id(iris, row["incident"], "incident"),
            "iri": str(row["incident"]),
            "event_type": str(row["type"]).rsplit("/", 1)[-1] if "type" in row else None,
            "date": str(row["date"]) if "date" in row else None,
            "claims": int(row["claims"]),
        }
        for row in store.select(_INCIDENTS)
    ]


def incident_claims(store: Store, iris: Iris, incident_id: str) -> dict[str, Any]:
    """All claims about one incident, grouped by original source, each with its chain."""
    incident = iris.key(f"incident/{incident_id}")
    if not store.ask("ASK { ?i a <https://claimgraph.org/ontology#Incident> }", {"i": incident}):
        raise NotFound(f"no incident {incident_id!r}")
    chains: dict[str, list[str]] = defaultdict(list)
    for row in store.select(_CHAIN, {"incident": incident}):
        chains[str(row["claim"])].append(str(row.get("label", row["agent"])))
    groups: dict[str, dict[str, Any]] = {}
    for row in store.select(_INCIDENT_CLAIMS, {"incident": URIRef(incident)}):
        source = str(row["source"])
        group = groups.setdefault(source, {"source": _id(iris, source, "agent"),
                                           "label": str(row.get("sourceLabel", source)), "claims": []})
        group["claims"].append({
            "id": _id(iris, row["claim"], "claim"),
            "text": str(row["text"]),
            "begin": int(row["begin"]),
            "end": int(row["end"]),
            "article": _id(iris, row["article"], "article"),
            "chain": chains[str(row["claim"])],
            "cue": str(row["cue"]) if "cue" in row else None,
            "quote": str(row["quote"]),
            "hedged": bool(row["hedged"].toPython()),
        })
    return {"incident": incident_id, "iri": str(incident), "sources": list(groups.values())}
