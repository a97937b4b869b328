"""What the views need to know about agents and places, read once from the registry graphs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

import networkx as nx

from kg.export.rows import flag, stream
from kg.export.timeline import Spell, merge
from kg.rdf.store import Store
from kg.rdf.vocab import AGENT_ROLE, Iris, sparql_prefixes

_AGENTS = sparql_prefixes() + """
SELECT ?agent ?label ?role ?member ?person WHERE {
  ?agent a prov:Agent .
  OPTIONAL { ?agent skos:prefLabel ?label }
  OPTIONAL { ?agent cg:role ?role }
  OPTIONAL { ?agent schema:memberOf ?member }
  BIND(EXISTS { ?agent a schema:Person } AS ?person)
}"""

_PLACES = sparql_prefixes() + """
SELECT ?place ?label ?within ?lat ?long ?feature WHERE {
  ?place a schema:Place .
  OPTIONAL { ?place skos:prefLabel ?label }
  OPTIONAL { ?place schema:containedInPlace ?within }
  OPTIONAL { ?place geo:lat ?lat ; geo:long ?long }
  OPTIONAL { ?place cg:featureType ?feature }
}"""


@dataclass(slots=True)
class AgentInfo:
    label: str
    role: str | None = None
    person: bool = False
    member_of: list[str] = field(default_factory=list)


@dataclass(slots=True)
class PlaceInfo:
    label: str
    within: str | None = None
    lat: float | None = None
    long: float | None = None
    feature: str | None = None


def node_id(iris: Iris, iri: str) -> str:
    """A node's id in exported graphs: the IRI's path under the base ("agent/sohr"), or the IRI."""
    return iris.local(iri) or iri


def fallback_label(identifier: str) -> str:
    return unquote(identifier.rstrip("/").rsplit("/", 1)[-1])


def load_agents(store: Store, iris: Iris) -> dict[str, AgentInfo]:
    agents: dict[str, AgentInfo] = {}
    for row in stream(store, _AGENTS):
        key = node_id(iris, row["agent"])
        role = row["role"].removeprefix(str(AGENT_ROLE)) if "role" in row else None
        info = agents.setdefault(key, AgentInfo(row.get("label", fallback_label(key)), role,
                                                flag(row, "person")))
        member = node_id(iris, row["member"]) if "member" in row else None
        if member and member not in info.member_of:
            info.member_of.append(member)
    return agents


def load_places(store: Store, iris: Iris) -> dict[str, PlaceInfo]:
    places: dict[str, PlaceInfo] = {}
    for row in stream(store, _PLACES):
        key = node_id(iris, row["place"])
        places[key] = PlaceInfo(
            row.get("label", fallback_label(key)),
            node_id(iris, row["within"]) if "within" in row else None,
            float(row["lat"]) if "lat" in row else None,
            float(row["long"]) if "long" in row else None,
            row.get("feature"),
        )
    return places


def agent_node(agents: Mapping[str, AgentInfo], key: str, **counts: Any) -> dict[str, Any]:
    """The attributes of an agent node: label, role, person flag, and the counts given."""
    info = agents.get(key) or AgentInfo(fallback_label(key))
    data: dict[str, Any] = {"label": info.label, "type": "agent", "role": info.role or "unknown",
                            "person": info.person}
    data.update(counts)
    return data


def close_spells(graph: nx.MultiDiGraph[str]) -> None:
    """Make every node's spells cover the spells of its edges, so Gephi never shows an edge
    whose end is hidden. Nodes and edges without dates stay timeless (always shown)."""
    extra: dict[str, list[Spell]] = {}
    spells: list[Spell] | None
    for source, target, spells in graph.edges(data="spells"):
        if spells:
            extra.setdefault(source, []).extend(spells)
            extra.setdefault(target, []).extend(spells)
    for node, spells in extra.items():
        own = graph.nodes[node].get("spells") or []
        graph.nodes[node]["spells"] = merge([*own, *spells])
