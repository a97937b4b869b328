"""The `claims` view: the full typed graph of claims, agents, articles, incidents and places.

Edges: claim -attributed_to-> source, claim -via-> intermediary (with its position in the chain),
claim -appears_in-> article -published_by-> outlet, claim -about-> incident, claim -mentions->
place, incident -located_in-> place, place -contained_in-> place, person -member_of-> organisation.
Claims, articles and the edges of claims carry the publication day as their spell; incidents their
own date; places and registry links are timeless.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from kg.export.build import add_incidents, figure_words, present, relation_edge
from kg.export.registry import (
    agent_node,
    agents_by_node,
    close_spells,
    fallback_label,
    node_id,
    node_of,
    places_by_node,
)
from kg.export.rows import stream
from kg.export.timeline import Spell, interval
from kg.rdf.store import Store
from kg.rdf.vocab import Iris, sparql_prefixes
from kg.views.claims import claim_queries, records_from
from kg.views.scope import Scope, scope_pattern

LABEL_CHARS = 80


@dataclass
class Links:
    """What the claims' edges reach: the agents and places to add as nodes, and each agent's claims as source."""

    agents: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    sourced: Counter[str] = field(default_factory=Counter)


def _links(scope: Scope, pattern: str, variables: str) -> str:
    return sparql_prefixes() + f"SELECT DISTINCT {variables} WHERE {{\n  {scope_pattern(scope)}\n  {pattern}\n}}"


def _articles(scope: Scope) -> str:
    return sparql_prefixes() + f"""
SELECT ?article ?outlet ?published ?identifier ?headline ?url (COUNT(DISTINCT ?claim) AS ?claims) WHERE {{
  {scope_pattern(scope)}
  OPTIONAL {{ ?article schema:identifier ?identifier }}
  OPTIONAL {{ ?article schema:headline ?headline }}
  OPTIONAL {{ ?article schema:url ?url }}
}} GROUP BY ?article ?outlet ?published ?identifier ?headline ?url"""


def _label(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= LABEL_CHARS else flat[: LABEL_CHARS - 1] + "…"


def _spells(published: str | None) -> list[Spell] | None:
    day = interval(published)
    return [day] if day else None


def _figure_phrases(figures: list[dict[str, Any]]) -> list[str]:
    """A claim's figures in words ("at least 36 people killed"), in the order the claim states them, each once."""
    ordered = sorted(figures, key=lambda f: (f["begin"] is None, f["begin"] or 0, f["figure"]))
    return list(dict.fromkeys(figure_words(f["qualifier"], f["count"], f["category"], f["victims"]) for f in ordered))


def _add_claims(graph: nx.MultiDiGraph[str], store: Store, iris: Iris, scope: Scope) -> Links:
    """A node for every claim in scope and its edges to its sources, article, incident and places, from the
    claims' records as every page and answer reads them (`kg.views.claims.records_from`)."""
    records = records_from(iris, *store.select_text(claim_queries(scope_pattern(scope, bind_all=False))))
    links = Links()
    for record in sorted(records.values(), key=lambda r: (r["article"], r["begin"], r["end"])):
        claim = node_id(iris, record["iri"])
        spells = _spells(record["published"])
        stated = record["date"] or ("/".join(record["date_range"]) if record["date_range"] else None)
        graph.add_node(claim, **present({
            "label": _label(record["text"]) or claim, "type": "claim", "text": record["text"],
            "quote": record["quote"], "hedged": record["hedged"], "own_voice": record["own_voice"],
            "cue": record["cue"], "date": stated, "event_type": record["event_type"],
            "figures": _figure_phrases(record["figures"]), "spells": spells}))
        for hop in record["chain"]:
            agent, position = node_of(iris, hop["agent"]), hop["position"]
            relation = "attributed_to" if position == 0 else "via"
            links.sourced[agent] += position == 0
            links.agents.add(agent)
            graph.add_edge(claim, agent, key=f"{relation}/{position}",
                           **relation_edge(relation, 1, position=position, spells=spells))
        graph.add_edge(claim, node_id(iris, record["article_iri"]), key="appears_in",
                       **relation_edge("appears_in", 1, spells=spells))
        if record["incident"]:
            graph.add_edge(claim, node_of(iris, f"incident/{record['incident']}"), key="about",
                           **relation_edge("about", 1, spells=spells))
        for place in record["places"]:
            links.places.add(node_of(iris, place["id"]))
            graph.add_edge(claim, node_of(iris, place["id"]), key="mentions",
                           **relation_edge("mentions", 1, spells=spells))
    return links


def _add_articles(graph: nx.MultiDiGraph[str], store: Store, iris: Iris, scope: Scope) -> set[str]:
    outlets: set[str] = set()
    for row in stream(store, _articles(scope)):
        article = node_id(iris, row["article"])
        graph.add_node(article, **present({
            "label": row.get("headline") or row.get("identifier") or article, "type": "article",
            "published": row.get("published"), "url": row.get("url"), "claims": int(row["claims"]),
            "spells": _spells(row.get("published"))}))
        if "outlet" in row:
            outlet = node_id(iris, row["outlet"])
            outlets.add(outlet)
            graph.add_edge(article, outlet, key="published_by",
                           **relation_edge("published_by", int(row["claims"]), spells=_spells(row.get("published"))))
    return outlets


def _add_places(graph: nx.MultiDiGraph[str], store: Store, iris: Iris, used: set[str]) -> None:
    """The places claims and incidents name, and every place that contains them."""
    places = places_by_node(store, iris)

    def within(key: str) -> str | None:
        place = places.get(key)
        return node_of(iris, place.contained_in) if place and place.contained_in else None

    closure, pending = set(used), list(used)
    while pending:
        parent = within(pending.pop())
        if parent and parent not in closure:
            closure.add(parent)
            pending.append(parent)
    for key in sorted(closure):
        place = places.get(key)
        graph.add_node(key, **present({"label": place.label if place else fallback_label(key), "type": "place",
                                       "feature": place.feature if place else None,
                                       "lat": place.lat if place else None, "long": place.lon if place else None}))
        parent = within(key)
        if parent:
            graph.add_edge(key, parent, key="contained_in", **relation_edge("contained_in", 1))


def claims_view(store: Store, iris: Iris, scope: Scope) -> nx.MultiDiGraph[str]:
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph(
        name="claims", description="Claims, their sources, articles, incidents and places")
    links = _add_claims(graph, store, iris, scope)
    links.agents |= _add_articles(graph, store, iris, scope)
    add_incidents(graph, store, iris, scope)
    located = _links(scope, "?claim cg:about ?incident . ?incident sem:hasPlace ?place .", "?incident ?place")
    for row in stream(store, located):
        place = node_id(iris, row["place"])
        links.places.add(place)
        graph.add_edge(node_id(iris, row["incident"]), place, key="located_in", **relation_edge("located_in", 1))
    _add_places(graph, store, iris, links.places)
    agents = agents_by_node(store, iris)
    for agent in sorted(links.agents):
        graph.add_node(agent, **agent_node(agents, agent, claims=links.sourced[agent]))
        member_of = agents[agent].member_of if agent in agents else None
        if member_of:
            organisation = node_of(iris, member_of)
            if organisation not in graph:
                graph.add_node(organisation, **agent_node(agents, organisation, claims=links.sourced[organisation]))
            graph.add_edge(agent, organisation, key="member_of", **relation_edge("member_of", 1))
    close_spells(graph)
    return graph
