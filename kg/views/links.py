"""Why an incident's reports are together: the links incident linking stored (`cg:Link`, one per
report but the first, each to the report it shares most with), read back as linking wrote them and
said in words a fact-checker can judge ("same day", "both name Saraqeb", "close figures: 15 killed and
17 killed"). Nothing is recomputed here: the evidence is the one `kg.resolve.linking` weighed.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rdflib import URIRef

from kg.rdf.store import Query, Store, TextRow, boolean
from kg.rdf.vocab import CG, Iris
from kg.views.common import PREFIX, integer, key_id, local_id, tail, text, values

_LINKS = PREFIX + """
SELECT ?link ?joins ?to ?score ?sameDay ?daysApart ?type ?km ?words WHERE {{
  {values}
  ?incident cg:link ?link .
  ?link cg:joins ?joins ; cg:joinedTo ?to ; cg:linkScore ?score ; cg:sameDay ?sameDay ; cg:wordSimilarity ?words .
  OPTIONAL {{ ?link cg:daysApart ?daysApart }}
  OPTIONAL {{ ?link cg:eventType ?type }}
  OPTIONAL {{ ?link cg:distanceKm ?km }}
}}"""

# the parts a link may have several of, with a place's label where the part is a place
_SHARED = PREFIX + """
SELECT ?link ?part ?value (isIRI(?value) AS ?isIri) ?label WHERE {{
  {values}
  ?incident cg:link ?link .
  VALUES ?part {{ cg:sharedPlace cg:sharedArea cg:sharedActor cg:closeFigures }}
  ?link ?part ?value .
  OPTIONAL {{ ?value skos:prefLabel ?label }}
}}"""


def incident_links(store: Store, iris: Iris, incident: URIRef) -> list[dict[str, Any]]:
    """The incident's links in the order linking joined the reports, each with its evidence and the
    reasons in words; two queries at once."""
    return links_from(iris, *store.select_text(links_queries(incident)))


def links_queries(incident: URIRef) -> list[Query]:
    """The two queries of `incident_links`: the parts links share, and the links."""
    block = values("incident", [incident])
    return [(_SHARED.format(values=block), None), (_LINKS.format(values=block), None)]


def links_from(iris: Iris, shared_rows: list[TextRow], link_rows: list[TextRow]) -> list[dict[str, Any]]:
    """The links in the rows of `links_queries`, as `incident_links` gives them."""
    shared: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in shared_rows:
        label = text(row, "label") or (key_id(iris, row["value"]) if boolean(row, "isIri") else row["value"])
        shared[str(row["link"])][str(row["part"]).removeprefix(str(CG))].append(label)
    out = []
    for row in link_rows:
        parts = shared.get(str(row["link"]), {})
        link: dict[str, Any] = {
            "claim": local_id(iris, row["joins"], "claim"), "to": local_id(iris, row["to"], "claim"),
            "score": float(str(row["score"])), "same_day": boolean(row, "sameDay"),
            "days_apart": integer(row, "daysApart"), "event_type": tail(row.get("type")),
            "distance_km": float(str(row["km"])) if "km" in row else None,
            "word_similarity": float(str(row["words"])),
            "places": sorted(parts.get("sharedPlace", [])), "areas": sorted(parts.get("sharedArea", [])),
            "actors": sorted(parts.get("sharedActor", [])), "close_figures": sorted(parts.get("closeFigures", [])),
            "index": int(str(row["link"]).rsplit("/", 1)[-1]),
        }
        link["article"] = link["claim"].rsplit("/", 1)[0]
        link["to_article"] = link["to"].rsplit("/", 1)[0]
        link["reasons"] = reasons(link)
        out.append(link)
    out.sort(key=lambda link: link.pop("index"))
    return out


def reasons(link: dict[str, Any]) -> list[str]:
    """What the two reports share, in words, strongest evidence first."""
    said = []
    if link["same_day"]:
        said.append("the same day")
    elif link["days_apart"]:
        said.append(f"days {link['days_apart']} apart")
    if link["places"]:
        said.append("both name " + ", ".join(link["places"]))
    if link["distance_km"] is not None and not link["places"]:
        said.append(f"places {link['distance_km']:.0f} km apart")
    if link["areas"] and not link["places"]:
        said.append("both in " + ", ".join(link["areas"]))
    if link["event_type"] and link["event_type"] != "other":
        said.append(f"both report a {link['event_type'].replace('_', ' ')}")
    if link["actors"]:
        said.append("both name " + ", ".join(link["actors"]) + " as the actor")
    said += [f"close figures: {pair}" for pair in link["close_figures"]]
    if link["word_similarity"] >= 0.2:
        said.append(f"similar words ({link['word_similarity']:.2f})")
    return said


__all__ = ["incident_links", "links_from", "links_queries", "reasons"]
