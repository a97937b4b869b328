"""One line per incident for the incident list: what happened, where, when, the figures' range,
how many independent sources, and whether their figures conflict.

Figure ranges, independent sources and conflicts are computed once when incidents are linked
(`kg.resolve.summary`) and stored with the incident (`cg:figureRange`, `cg:independentSources`,
`cg:conflict`); this module only reads them back, in a few queries for a whole page of incidents.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from rdflib import URIRef

from kg.rdf.store import Query, TextRow
from kg.views.common import PREFIX, integer, tail, text, values

# The order in which a headline names figure categories: deaths first.
CATEGORY_ORDER = ("killed", "injured", "bodies_recovered", "missing", "detained", "displaced")
HEADLINE_FIGURES = 2  # figure ranges a headline names at most
CATEGORY_WORDS = {"bodies_recovered": "found dead"}

# The stored figure ranges, independent sources and conflicts, the event type, and how many claims and
# original sources each incident has, in one query, a branch each (a row of one branch leaves the
# others' variables unbound; the incidents' VALUES go inside each branch, subqueries not seeing outer ones).
_STORED = """SELECT * WHERE {{
  {{ {values} ?incident cg:figureRange ?range . {ranges} }}
  UNION {{ {values} ?incident cg:independentSources ?independent }}
  UNION {{ {values} ?incident cg:conflict ?conflict }}
  UNION {{ {values} ?incident cg:eventType ?type }}
  UNION {{ SELECT ?incident (COUNT(DISTINCT ?claim) AS ?claims) (COUNT(DISTINCT ?source) AS ?sources) WHERE {{
      {values} ?claim cg:about ?incident OPTIONAL {{ ?claim prov:wasAttributedTo ?source }} }}
    GROUP BY ?incident }} }}"""

# A stored figure range (?range), read by `stored_range`; a pattern of `_STORED` and of the incident's summary.
RANGE_PATTERN = """?range cg:category ?category ; cg:victims ?victims ; cg:lowestStated ?lowest ;
    cg:highestStated ?highest . OPTIONAL { ?range cg:minValue ?min } OPTIONAL { ?range cg:maxValue ?max }
    OPTIONAL { ?range cg:consistent ?consistent }"""

# The incident's places with what contains them, and how many of its claims name each. Which places
# are innermost (none of its other places lies inside them) is worked out from the containment: a
# FILTER NOT EXISTS over the containment path per place took 90 ms for a page of FA-KES incidents.
_PLACES = """SELECT * WHERE {{
  {{ {values} ?incident sem:hasPlace ?place . OPTIONAL {{ ?place skos:prefLabel ?label }}
    OPTIONAL {{ ?place schema:containedInPlace+ ?ancestor }} }}
  UNION {{ SELECT ?incident ?named (COUNT(DISTINCT ?claim) AS ?naming) WHERE {{
      {values} ?claim cg:about ?incident ; cg:place ?named }} GROUP BY ?incident ?named }} }}"""


def _order(measure: dict[str, Any]) -> tuple[int, int, str, str]:
    category = measure["category"]
    rank = CATEGORY_ORDER.index(category) if category in CATEGORY_ORDER else len(CATEGORY_ORDER)
    return rank, measure["victims"] != "people", category, measure["victims"]


def stored_queries(incidents: list[URIRef]) -> list[Query]:
    """The two queries of what is stored and counted of some incidents (one at least), read by `rows_from`."""
    block = values("incident", list(incidents))
    return [(PREFIX + _STORED.format(values=block, ranges=RANGE_PATTERN), None),
            (PREFIX + _PLACES.format(values=block), None)]


def rows_from(incidents: list[URIRef], stored: list[TextRow], places: list[TextRow]) -> dict[str, dict[str, Any]]:
    """Per incident IRI, from the rows of `stored_queries`: `figures` (the stored ranges, deaths first),
    `independent_sources`, `conflicts` (how many stored), `event_type`, `claims` and `sources` (how many
    claims and original sources) and `places` (labels of its innermost places, those most of its claims
    name first)."""
    out: dict[str, dict[str, Any]] = {str(i): {"event_type": None, "claims": 0, "sources": 0, "figures": [],
                                               "independent_sources": None, "conflicts": 0, "places": []}
                                      for i in incidents}
    conflicts: dict[str, set[str]] = defaultdict(set)
    for row in stored:
        entry = out[str(row["incident"])]
        if "category" in row:
            entry["figures"].append(stored_range(row))
        elif "independent" in row:
            entry["independent_sources"] = integer(row, "independent")
        elif "conflict" in row:
            conflicts[str(row["incident"])].add(str(row["conflict"]))
        elif "type" in row:
            entry["event_type"] = tail(row["type"])
        elif "claims" in row:
            entry["claims"], entry["sources"] = integer(row, "claims") or 0, integer(row, "sources") or 0
    for iri, found in conflicts.items():
        out[iri]["conflicts"] = len(found)
    for iri, labels in _innermost(places).items():
        out[iri]["places"] = labels
    for entry in out.values():
        entry["figures"].sort(key=_order)
    return out


def stored_range(row: TextRow) -> dict[str, Any]:
    """A figure range as linking stored it (a row of `RANGE_PATTERN`): what it counts, the lowest and the
    highest figure as stated ("at least 36", "more than 40"), the values they allow at the ends (`max`
    None when the highest is open), and whether every figure agrees."""
    return {"category": row["category"], "victims": row["victims"], "lowest": row["lowest"],
            "highest": row["highest"], "min": integer(row, "min"), "max": integer(row, "max"),
            "consistent": text(row, "consistent") != "false"}


def stated_span(lowest: str, highest: str) -> str:
    """A range of stated figures in words: 'at least 36 to more than 40', or the one figure."""
    return lowest if lowest == highest else f"{lowest} to {highest}"


def _innermost(rows: list[TextRow]) -> dict[str, list[str]]:
    """Per incident IRI, the labels of its innermost places, those most of its claims name first (from the
    rows of `_PLACES`)."""
    places: dict[str, dict[str, str | None]] = defaultdict(dict)  # incident -> place -> a label
    within: dict[str, set[str]] = defaultdict(set)  # incident -> the places containing one of its places
    naming: dict[tuple[str, str], int] = {}
    for row in rows:
        incident = str(row["incident"])
        if "place" in row:
            place = str(row["place"])
            if places[incident].get(place) is None:
                places[incident][place] = text(row, "label")
            if "ancestor" in row and str(row["ancestor"]) != place:
                within[incident].add(str(row["ancestor"]))
        elif "named" in row:
            naming[(incident, str(row["named"]))] = integer(row, "naming") or 0
    out: dict[str, list[str]] = {}
    for incident, labels in places.items():
        inner = sorted((-naming.get((incident, p), 0), label) for p, label in labels.items()
                       if p not in within[incident] and label)
        out[incident] = list(dict.fromkeys(label for _, label in inner))
    return out


def figure_phrase(measure: dict[str, Any]) -> str:
    """A stored range in words: 'at least 36 to more than 40 people killed', '17 children killed'."""
    span = stated_span(measure["lowest"], measure["highest"])
    category = CATEGORY_WORDS.get(measure["category"], measure["category"].replace("_", " "))
    return f"{span} {measure['victims']} {category}"


def range_phrases(ranges: list[dict[str, Any]]) -> list[str]:
    """Stored ranges in words, deaths first, as headlines name them."""
    return [figure_phrase(m) for m in sorted(ranges, key=_order)]


def _day(value: str) -> str:
    try:
        parsed = date.fromisoformat(value[:10])
    except ValueError:
        return value
    return f"{parsed.day} {parsed.strftime('%b %Y')}"


def headline(item: dict[str, Any]) -> str:
    """What happened, in one line: 'Airstrike in Al-Buqa'an, 17 Nov 2018: at least 36 to more than 40
    people killed; 3 independent sources'."""
    what = (item.get("event_type") or "incident").replace("_", " ")
    places = item.get("places") or ([item["place"]] if item.get("place") else [])
    line = what[:1].upper() + what[1:]
    line += f" in {' and '.join(places[:2])}" if places else ", place not given"
    line += f", {_day(item['date'])}" if item.get("date") else ", date not known"
    figures = item.get("figures") or []
    if figures:
        line += ": " + ", ".join(figure_phrase(m) for m in figures[:HEADLINE_FIGURES])
    sources = item.get("independent_sources")
    if sources is not None:
        line += f"; {sources} independent source{'' if sources == 1 else 's'}"
    return line


__all__ = ["RANGE_PATTERN", "figure_phrase", "headline", "range_phrases", "rows_from", "stated_span",
           "stored_queries", "stored_range"]
