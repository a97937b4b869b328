"""The numbers claims give about one incident: by source, their spread, and which conflict.

Which figures conflict is decided once, when incidents are linked (`kg.resolve.summary`), and
stored with the incident (`cg:conflict`); this module only reads and lays it out.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rdflib import URIRef

from kg.rdf.store import Store
from kg.rdf.vocab import Iris
from kg.views.common import PREFIX, local_id

_STATED = {"exact": "", "at_least": "at least ", "more_than": "more than ", "approximately": "about ",
           "at_most": "at most ", "fewer_than": "fewer than "}

_CONFLICTS = PREFIX + """
SELECT ?conflict ?category ?victims ?lower ?higher WHERE {
  ?incident cg:conflict ?conflict . ?conflict cg:category ?category ; cg:victims ?victims ;
    cg:lowerClaim ?lower ; cg:higherClaim ?higher .
} ORDER BY ?conflict ?lower ?higher"""


def _stated(figure: dict[str, Any]) -> str:
    return f"{_STATED.get(figure['qualifier'], '')}{figure['count']}"


def _figure_of(claim: dict[str, Any], category: str, victims: str) -> dict[str, Any] | None:
    return next((f for f in claim["figures"] if f["category"] == category and f["victims"] == victims), None)


def stored_conflicts(store: Store, iris: Iris, incident: URIRef, claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The incident's conflicts as pairs of claims (lower value, higher value) with who said each."""
    by_id = {c["id"]: c for c in claims}
    pairs = []
    for row in store.select(_CONFLICTS, {"incident": incident}):
        category, victims = str(row["category"]), str(row["victims"])
        low = by_id.get(local_id(iris, row["lower"], "claim"))
        high = by_id.get(local_id(iris, row["higher"], "claim"))
        low_figure = low and _figure_of(low, category, victims)
        high_figure = high and _figure_of(high, category, victims)
        if not (low and high and low_figure and high_figure):
            continue
        pairs.append({"category": category, "victims": victims,
                      "claim": low["id"], "source": low["source"], "stated": _stated(low_figure),
                      "other_claim": high["id"], "other_source": high["source"], "other_stated": _stated(high_figure)})
    return pairs


def figure_table(claims: list[dict[str, Any]], conflicts: list[dict[str, Any]]) -> dict[str, Any]:
    """`figures`: per (category, victims), each source's figures and the spread; `conflicts` as given."""
    measures: dict[tuple[str, str], list[tuple[dict[str, Any], dict[str, Any]]]] = defaultdict(list)
    for claim in claims:
        for figure in claim["figures"]:
            measures[(figure["category"], figure["victims"])].append((claim, figure))
    table = []
    for (category, victims), entries in sorted(measures.items()):
        by_source: dict[str, dict[str, Any]] = {}
        for claim, figure in entries:
            row = by_source.setdefault(claim["source"], {"source": claim["source"], "label": claim["source_label"],
                                                         "figures": []})
            row["figures"].append({"claim": claim["id"], "stated": _stated(figure), "count": figure["count"],
                                   "qualifier": figure["qualifier"], "min": figure["min"], "max": figure["max"],
                                   "via": claim["via"]})
        lows = [f["min"] for _, f in entries]
        highs = [f["max"] for _, f in entries]
        table.append({"category": category, "victims": victims, "sources": list(by_source.values()),
                      "spread": {"lowest": min(lows), "highest": None if None in highs else max(highs),
                                 "counts": sorted({f["count"] for _, f in entries})}})
    return {"figures": table, "conflicts": conflicts}
