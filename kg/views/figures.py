"""The numbers claims give about one incident: by source, their spread, and which conflict.

Two figures conflict when they count the same thing (category and victims) and their intervals
(from the qualifier: "at least 36" is [36, inf)) do not overlap.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from typing import Any


def _interval(figure: dict[str, Any]) -> tuple[float, float]:
    upper = figure["max"]
    return float(figure["min"]), float("inf") if upper is None else float(upper)


def _stated(figure: dict[str, Any]) -> str:
    words = {"exact": "", "at_least": "at least ", "more_than": "more than ", "approximately": "about ",
             "at_most": "at most ", "fewer_than": "fewer than "}
    return f"{words.get(figure['qualifier'], '')}{figure['count']}"


def figure_table(claims: list[dict[str, Any]]) -> dict[str, Any]:
    """`figures`: per (category, victims), each source's figures and the spread; `conflicts`: pairs."""
    measures: dict[tuple[str, str], list[tuple[dict[str, Any], dict[str, Any]]]] = defaultdict(list)
    for claim in claims:
        for figure in claim["figures"]:
            measures[(figure["category"], figure["victims"])].append((claim, figure))
    table = []
    conflicts = []
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
        for (c1, f1), (c2, f2) in combinations(entries, 2):
            (lo1, hi1), (lo2, hi2) = _interval(f1), _interval(f2)
            if (hi1 < lo2 or hi2 < lo1) and c1["id"] != c2["id"]:
                conflicts.append({"category": category, "victims": victims,
                                  "claim": c1["id"], "source": c1["source"], "stated": _stated(f1),
                                  "other_claim": c2["id"], "other_source": c2["source"], "other_stated": _stated(f2)})
    return {"figures": table, "conflicts": conflicts}
