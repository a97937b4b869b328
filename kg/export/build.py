"""Pieces the views share: edge data by relation, dates to spells, figures as text."""

from __future__ import annotations

from typing import Any

import networkx as nx

from kg.export.registry import node_id
from kg.export.rows import stream
from kg.export.timeline import days, interval, merge
from kg.model import stated_count
from kg.rdf.store import Store
from kg.rdf.vocab import EVENT_TYPE, Iris, sparql_prefixes
from kg.views.incident_rows import range_phrases
from kg.views.scope import Scope, scope_pattern

RELATION_LABELS = {
    "reported_via": "reported via",
    "published_by": "published by",
    "member_of": "member of",
    "reported": "reported",
    "attributed_to": "attributed to",
    "via": "via",
    "appears_in": "appears in",
    "about": "about",
    "mentions": "mentions",
    "located_in": "located in",
    "contained_in": "contained in",
}


def present(data: dict[str, Any]) -> dict[str, Any]:
    """The attributes that have a value (absent beats a placeholder in typed columns)."""
    return {k: v for k, v in data.items() if v is not None}


def relation_edge(relation: str, claims: int, **extra: Any) -> dict[str, Any]:
    """An edge of a relation, weighted by the claims behind it."""
    return present({"relation": relation, "label": RELATION_LABELS[relation], "weight": claims, "claims": claims,
                    **extra})


def dated(data: dict[str, Any], day_list: str | None) -> dict[str, Any]:
    """Add spells (and first/last publication) from space-separated publication dates."""
    spells = merge(days(day_list))
    if spells:
        data.update(spells=spells, first_published=spells[0][0], last_published=spells[-1][1])
    return data


def figure_words(qualifier: str, count: int | str, category: str, victims: str) -> str:
    """A figure in the words of the exports: "at least 36 people killed"."""
    return " ".join(filter(None, (stated_count(qualifier, count), victims, category)))


def figures(text: str | None) -> tuple[list[str], dict[str, int]]:
    """Tab-separated 'at_least|36|killed|people' items -> readable figures ("at least 36 people
    killed"), and the largest count per category."""
    readable: list[str] = []
    largest: dict[str, int] = {}
    for item in sorted(filter(None, (text or "").split("\t"))):
        qualifier, count, category, victims = item.split("|", 3)
        readable.append(figure_words(qualifier, count, category, victims))
        largest[category] = max(largest.get(category, 0), int(count))
    return readable, largest


FIGURE_SPARQL = """?figureNode cg:count ?count ; cg:qualifier ?qualifier ; cg:category ?category ;
              cg:victims ?victims .
              BIND(CONCAT(?qualifier, "|", STR(?count), "|", ?category, "|", ?victims) AS ?figure)"""


def _incident_nodes(scope: Scope) -> str:
    return sparql_prefixes() + f"""
SELECT ?incident ?type ?date ?begin ?end (COUNT(DISTINCT ?claim) AS ?claims) (COUNT(DISTINCT ?source) AS ?sources)
       (GROUP_CONCAT(DISTINCT ?placeLabel; separator="\\t") AS ?places)
       (GROUP_CONCAT(DISTINCT CONCAT(?category, "|", ?victims, "|", ?lowest, "|", ?highest); separator="\\t")
        AS ?ranges) WHERE {{
  {scope_pattern(scope)}
  ?claim cg:about ?incident . OPTIONAL {{ ?claim prov:wasAttributedTo ?source }}
  OPTIONAL {{ ?incident cg:figureRange ?range . ?range cg:category ?category ; cg:victims ?victims ;
                cg:lowestStated ?lowest ; cg:highestStated ?highest }}
  OPTIONAL {{ ?incident cg:eventType ?type }}
  OPTIONAL {{ ?incident sem:hasTimeStamp ?date }}
  OPTIONAL {{ ?incident sem:hasBeginTimeStamp ?begin ; sem:hasEndTimeStamp ?end }}
  OPTIONAL {{ ?incident sem:hasPlace ?place . ?place skos:prefLabel ?placeLabel }}
}} GROUP BY ?incident ?type ?date ?begin ?end"""


def _ranges(concatenated: str) -> list[dict[str, str]]:
    """The stored figure ranges of `_incident_nodes`'s ?ranges ("killed|people|at least 36|more than 40")."""
    keys = ("category", "victims", "lowest", "highest")
    return [dict(zip(keys, r.split("|"), strict=True)) for r in concatenated.split("\t") if r]


def _incident_label(event_type: str | None, when: str | None, places: list[str]) -> str:
    return " ".join(filter(None, ((event_type or "incident").replace("_", " "), when, ", ".join(places)))) or "incident"


def add_incidents(graph: nx.MultiDiGraph[str], store: Store, iris: Iris, scope: Scope) -> None:
    """Add a node for every incident that claims in scope are about, with its figure ranges as stored when
    it was linked, in the words of the incident list ("at least 36 to more than 40 people killed")."""
    for row in stream(store, _incident_nodes(scope)):
        key = node_id(iris, row["incident"])
        event_type = row["type"].removeprefix(str(EVENT_TYPE)) if "type" in row else None
        when = row.get("date") or ("/".join((row["begin"], row["end"])) if "begin" in row else None)
        spells = [s for s in (interval(row.get("date")), interval(row.get("begin")), interval(row.get("end"))) if s]
        places = sorted(filter(None, row.get("places", "").split("\t")))
        graph.add_node(key, **present({
            "label": _incident_label(event_type, when, places), "type": "incident", "event_type": event_type,
            "date": when, "places": places, "claims": int(row["claims"]), "sources": int(row["sources"]),
            "figures": range_phrases(_ranges(row.get("ranges", ""))) or None,
            "spells": merge(spells) or None}))
