"""The `claims` view: the full typed graph of claims, agents, articles, incidents and places.

Edges: claim -attributed_to-> source, claim -via-> intermediary (with its position in the chain),
claim -appears_in-> article -published_by-> outlet, claim -about-> incident, claim -mentions->
place, incident -located_in-> place, place -contained_in-> place, person -member_of-> organisation.
Claims, articles and the edges of claims carry the publication day as their spell; incidents their
own date; places and registry links are timeless.
"""

from __future__ import annotations

from collections import Counter

import networkx as nx

from kg.export.build import FIGURE_SPARQL, add_incidents, figures, present, relation_edge
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
from kg.rdf.vocab import EVENT_TYPE, Iris, sparql_prefixes
from kg.views.scope import Scope, scope_pattern

LABEL_CHARS = 80


def _claims(scope: Scope) -> str:
    return sparql_prefixes() + f"""
SELECT ?claim ?article ?published ?text ?quote ?hedged ?cue ?own ?date ?begin ?end ?type
       (GROUP_CONCAT(DISTINCT ?figure; separator="\\t") AS ?figures) WHERE {{
  {scope_pattern(scope)}
  OPTIONAL {{ ?claim schema:text ?text }}
  OPTIONAL {{ ?claim cg:quoteType ?quote }}
  OPTIONAL {{ ?claim cg:hedged ?hedged }}
  OPTIONAL {{ ?claim cg:cue ?cue }}
  OPTIONAL {{ ?claim cg:ownVoice ?own }}
  OPTIONAL {{ ?claim cg:date ?date }}
  OPTIONAL {{ ?claim cg:dateBegin ?begin ; cg:dateEnd ?end }}
  OPTIONAL {{ ?claim cg:eventType ?type }}
  OPTIONAL {{ ?claim cg:figure ?figureNode . {FIGURE_SPARQL} }}
}} GROUP BY ?claim ?article ?published ?text ?quote ?hedged ?cue ?own ?date ?begin ?end ?type"""


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


def _add_claims(graph: nx.MultiDiGraph[str], store: Store, iris: Iris, scope: Scope) -> None:
    for row in stream(store, _claims(scope)):
        readable, _ = figures(row.get("figures"))
        stated = row.get("date") or ("/".join((row["begin"], row["end"])) if "begin" in row else None)
        text = row.get("text", "")
        graph.add_node(node_id(iris, row["claim"]), **present({
            "label": _label(text) or node_id(iris, row["claim"]), "type": "claim", "text": text,
            "quote": row.get("quote"), "hedged": row.get("hedged") == "true" if "hedged" in row else None,
            "own_voice": row.get("own") == "true" if "own" in row else None, "cue": row.get("cue"),
            "date": stated, "event_type": row["type"].removeprefix(str(EVENT_TYPE)) if "type" in row else None,
            "figures": readable, "spells": _spells(row.get("published"))}))


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
    _add_claims(graph, store, iris, scope)
    agents_used = _add_articles(graph, store, iris, scope)
    sourced: Counter[str] = Counter()
    chain = _links(scope, "?claim cg:hop ?hop . ?hop cg:position ?position ; cg:agent ?agent .",
                   "?claim ?position ?agent ?published")
    for row in stream(store, chain):
        claim, agent, position = node_id(iris, row["claim"]), node_id(iris, row["agent"]), int(row["position"])
        relation = "attributed_to" if position == 0 else "via"
        sourced[agent] += position == 0
        agents_used.add(agent)
        graph.add_edge(claim, agent, key=f"{relation}/{position}", **relation_edge(
            relation, 1, position=position, spells=_spells(row.get("published"))))
    for row in stream(store, _links(scope, "?claim schema:appearance ?article .", "?claim ?article ?published")):
        graph.add_edge(node_id(iris, row["claim"]), node_id(iris, row["article"]), key="appears_in",
                       **relation_edge("appears_in", 1, spells=_spells(row.get("published"))))
    add_incidents(graph, store, iris, scope)
    for row in stream(store, _links(scope, "?claim cg:about ?incident .", "?claim ?incident ?published")):
        graph.add_edge(node_id(iris, row["claim"]), node_id(iris, row["incident"]), key="about",
                       **relation_edge("about", 1, spells=_spells(row.get("published"))))
    places_used: set[str] = set()
    for row in stream(store, _links(scope, "?claim cg:place ?place .", "?claim ?place ?published")):
        place = node_id(iris, row["place"])
        places_used.add(place)
        graph.add_edge(node_id(iris, row["claim"]), place, key="mentions",
                       **relation_edge("mentions", 1, spells=_spells(row.get("published"))))
    located = _links(scope, "?claim cg:about ?incident . ?incident sem:hasPlace ?place .", "?incident ?place")
    for row in stream(store, located):
        place = node_id(iris, row["place"])
        places_used.add(place)
        graph.add_edge(node_id(iris, row["incident"]), place, key="located_in", **relation_edge("located_in", 1))
    _add_places(graph, store, iris, places_used)
    agents = agents_by_node(store, iris)
    for agent in sorted(agents_used):
        graph.add_node(agent, **agent_node(agents, agent, claims=sourced[agent]))
        member_of = agents[agent].member_of if agent in agents else None
        if member_of:
            organisation = node_of(iris, member_of)
            if organisation not in graph:
                graph.add_node(organisation, **agent_node(agents, organisation, claims=sourced[organisation]))
            graph.add_edge(agent, organisation, key="member_of", **relation_edge("member_of", 1))
    close_spells(graph)
    return graph
