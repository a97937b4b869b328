"""Projections of the store into networkx graphs: the named views analysts open in Gephi.

- `sources`: agents; edges "reported via" along each claim's chain (SOHR -> AFP), "published by"
  from the last voice to the outlet, and "member of" (a spokesman -> his organisation). Weighted by
  claims; spells from the publication dates; the dates the claims state as `claim_dates`.
- `incidents`: incidents and the sources that spoke about them (bipartite); each edge carries the
  figures that source gave.
- `claims`: the full typed graph (claims, agents, articles, incidents, places), in `claims_view`.

Every view is built from SPARQL SELECTs aggregated in the store and read as a stream.
"""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx

from kg.errors import QueryError
from kg.export.build import FIGURE_SPARQL, add_incidents, dated, figures, relation_edge
from kg.export.claims_view import claims_view
from kg.export.registry import agent_node, agents_by_node, close_spells, node_id, node_of
from kg.export.rows import stream
from kg.rdf.store import Store
from kg.rdf.vocab import Iris, sparql_prefixes
from kg.views.scope import Filters, Scope, resolve, scope_pattern


def _sources_nodes(scope: Scope) -> str:
    return sparql_prefixes() + f"""
SELECT ?agent (COUNT(DISTINCT ?claim) AS ?claims) (COUNT(DISTINCT ?asSource) AS ?sourced)
       (COUNT(DISTINCT ?asVia) AS ?relayed) (COUNT(DISTINCT ?asOutlet) AS ?published) WHERE {{
  {scope_pattern(scope)}
  {{ ?claim prov:wasAttributedTo ?agent BIND(?claim AS ?asSource) }}
  UNION {{ ?claim cg:via ?agent BIND(?claim AS ?asVia) }}
  UNION {{ ?claim schema:appearance/schema:publisher ?agent BIND(?claim AS ?asOutlet) }}
}} GROUP BY ?agent"""


def _sources_edges(scope: Scope) -> str:
    return sparql_prefixes() + f"""
SELECT ?from ?to ?relation (COUNT(DISTINCT ?claim) AS ?claims)
       (GROUP_CONCAT(DISTINCT STR(?published); separator=" ") AS ?days)
       (GROUP_CONCAT(DISTINCT STR(?claimDate); separator=" ") AS ?claimDates) WHERE {{
  {scope_pattern(scope)}
  {{ ?claim cg:hop ?hop , ?next . ?hop cg:position ?position ; cg:agent ?from .
     ?next cg:position ?nextPosition ; cg:agent ?to .
     FILTER(?nextPosition = ?position + 1) BIND("reported_via" AS ?relation) }}
  UNION
  {{ {{ SELECT ?claim (MAX(?position) AS ?last) WHERE {{ ?claim cg:hop/cg:position ?position }} GROUP BY ?claim }}
     ?claim cg:hop ?hop . ?hop cg:position ?last ; cg:agent ?from .
     ?claim schema:appearance/schema:publisher ?to .
     BIND("published_by" AS ?relation) }}
  OPTIONAL {{ ?claim cg:date ?claimDate }}
  FILTER(?from != ?to)
}} GROUP BY ?from ?to ?relation"""


def sources_view(store: Store, iris: Iris, scope: Scope) -> nx.MultiDiGraph[str]:
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph(
        name="sources", description="Who reported via whom: sources, intermediaries, outlets")
    agents = agents_by_node(store, iris)
    for row in stream(store, _sources_nodes(scope)):
        key = node_id(iris, row["agent"])
        graph.add_node(key, **agent_node(agents, key, claims=int(row["claims"]), claims_as_source=int(row["sourced"]),
                                         claims_relayed=int(row["relayed"]), claims_published=int(row["published"])))
    for row in stream(store, _sources_edges(scope)):
        relation = row["relation"]
        data = relation_edge(relation, int(row["claims"]), claim_dates=sorted(row.get("claimDates", "").split()))
        graph.add_edge(node_id(iris, row["from"]), node_id(iris, row["to"]), key=relation,
                       **dated(data, row.get("days")))
    for person in list(graph.nodes):
        member_of = agents[person].member_of if person in agents else None
        if member_of:
            organisation = node_of(iris, member_of)
            if organisation not in graph:
                graph.add_node(organisation, **agent_node(agents, organisation, claims=0, claims_as_source=0,
                                                          claims_relayed=0, claims_published=0))
            graph.add_edge(person, organisation, key="member_of", **relation_edge("member_of", 1, claim_dates=[]))
    close_spells(graph)
    return graph


def _incident_edges(scope: Scope) -> str:
    return sparql_prefixes() + f"""
SELECT ?source ?incident (COUNT(DISTINCT ?claim) AS ?claims)
       (GROUP_CONCAT(DISTINCT STR(?published); separator=" ") AS ?days)
       (GROUP_CONCAT(DISTINCT ?figure; separator="\\t") AS ?figures) WHERE {{
  {scope_pattern(scope)}
  ?claim cg:about ?incident ; prov:wasAttributedTo ?source .
  OPTIONAL {{ ?claim cg:figure ?figureNode . {FIGURE_SPARQL} }}
}} GROUP BY ?source ?incident"""


def incidents_view(store: Store, iris: Iris, scope: Scope) -> nx.MultiDiGraph[str]:
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph(
        name="incidents", description="Incidents and the sources that spoke about them")
    add_incidents(graph, store, iris, scope)
    agents = agents_by_node(store, iris)
    claims_by_source: dict[str, int] = {}
    for row in stream(store, _incident_edges(scope)):
        source, claims = node_id(iris, row["source"]), int(row["claims"])
        claims_by_source[source] = claims_by_source.get(source, 0) + claims
        readable, largest = figures(row.get("figures"))
        data = relation_edge("reported", claims, figures=readable, killed=largest.get("killed"),
                     injured=largest.get("injured"))
        graph.add_edge(source, node_id(iris, row["incident"]), key="reported", **dated(data, row.get("days")))
    for source, claims in claims_by_source.items():
        graph.add_node(source, **agent_node(agents, source, claims=claims))
    close_spells(graph)
    return graph


VIEWS: dict[str, Callable[[Store, Iris, Scope], nx.MultiDiGraph[str]]] = {
    "sources": sources_view,
    "incidents": incidents_view,
    "claims": claims_view,
}


def build_view(store: Store, iris: Iris, view: str, filters: Filters | None = None) -> nx.MultiDiGraph[str]:
    """The named view of the store, restricted by `filters`."""
    if view not in VIEWS:
        raise QueryError(f"unknown view {view!r}; views: {', '.join(VIEWS)}")
    return VIEWS[view](store, iris, resolve(store, iris, filters or Filters()))
