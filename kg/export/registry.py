"""What the views need to know about agents and places (read once from the registry graphs by
`kg.rdf.readback`, keyed here by node id), and the nodes they make."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

import networkx as nx

from kg.export.timeline import Spell, merge
from kg.model import Agent, Place
from kg.rdf.readback import load_agents, load_places
from kg.rdf.store import Store
from kg.rdf.vocab import Iris


def node_id(iris: Iris, iri: str) -> str:
    """A node's id in exported graphs: the IRI's path under the base ("agent/sohr"), or the IRI."""
    return iris.local(iri) or iri


def fallback_label(identifier: str) -> str:
    return unquote(identifier.rstrip("/").rsplit("/", 1)[-1])


def node_of(iris: Iris, key: str) -> str:
    """The node id of a registry key ("agent/sohr")."""
    return node_id(iris, str(iris.key(key)))


def agents_by_node(store: Store, iris: Iris) -> dict[str, Agent]:
    """The stored agents (`kg.rdf.readback.load_agents`) by node id."""
    return {node_of(iris, key): agent for key, agent in load_agents(store, iris).items()}


def places_by_node(store: Store, iris: Iris) -> dict[str, Place]:
    """The stored places (`kg.rdf.readback.load_places`) by node id."""
    return {node_of(iris, key): place for key, place in load_places(store, iris).items()}


def agent_node(agents: Mapping[str, Agent], key: str, **counts: Any) -> dict[str, Any]:
    """The attributes of an agent node: label, role, person flag, and the counts given."""
    agent = agents.get(key)
    data: dict[str, Any] = {"label": agent.label if agent else fallback_label(key), "type": "agent",
                            "role": agent.kind if agent else "unknown", "person": agent.is_person if agent else False}
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
