"""The numbers claims give about one incident: by source, their spread, and which conflict.

Which figures conflict is decided once, when incidents are linked (`kg.resolve.summary`), and
stored with the incident (`cg:conflict`); this module only reads and lays it out.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rdflib import URIRef

from kg.model import stated_count
from kg.rdf.store import Query, Store, TextRow
from kg.rdf.vocab import Iris
from kg.views.common import PREFIX, local_id, text
from kg.views.incident_rows import stated_span

# The stored conflicts of the incidents a WHERE fragment (`%s`) selects, or of those it reaches
# through ?conflict.
_CONFLICTS = PREFIX + """
SELECT DISTINCT ?incident ?conflict ?category ?victims ?lower ?higher ?lowerStated ?higherStated ?reason ?sameSource
WHERE { %s
  ?incident cg:conflict ?conflict . ?conflict cg:category ?category ; cg:victims ?victims ;
    cg:lowerClaim ?lower ; cg:higherClaim ?higher .
  OPTIONAL { ?conflict cg:lowerStated ?lowerStated } OPTIONAL { ?conflict cg:higherStated ?higherStated }
  OPTIONAL { ?conflict cg:reason ?reason } OPTIONAL { ?conflict cg:sameSource ?sameSource }
} ORDER BY ?incident ?conflict ?lower ?higher"""


def _stated(figure: dict[str, Any]) -> str:
    """A figure record's count with its qualifier, in the model's one wording ("up to 20")."""
    return stated_count(figure["qualifier"], figure["count"])


def _figure_of(claim: dict[str, Any], category: str, victims: str, stated: str | None) -> dict[str, Any] | None:
    """The claim's figure for the category and victims; the one stated so when the conflict says which."""
    mine = [f for f in claim["figures"] if f["category"] == category and f["victims"] == victims]
    return next((f for f in mine if stated is None or stated == _stated(f)), None)


def conflict_entries(store: Store, iris: Iris, scope: str) -> dict[str, list[dict[str, Any]]]:
    """The conflicts stored with the incidents `scope` selects (a WHERE fragment binding ?incident,
    such as a VALUES block, or ?conflict), by incident IRI, in one query: each with its category and
    victims, the ids of the claims on its `lower` and `higher` sides (and the IRIs of both, `claim_iris`),
    the values as stated, the reason."""
    [rows] = store.select_text([conflicts_query(scope)])
    return entries_from(iris, rows)


def conflicts_query(scope: str) -> Query:
    """The query of `conflict_entries`."""
    return _CONFLICTS % scope, None


def entries_from(iris: Iris, rows: list[TextRow]) -> dict[str, list[dict[str, Any]]]:
    """The conflicts in the rows of `conflicts_query`, by incident IRI (as `conflict_entries` gives them)."""
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = found.setdefault(str(row["conflict"]), {
            "incident": str(row["incident"]), "category": str(row["category"]), "victims": str(row["victims"]),
            "lower": [], "higher": [], "claim_iris": [], "stated": text(row, "lowerStated"),
            "other_stated": text(row, "higherStated"), "reason": text(row, "reason"),
            "same_source": text(row, "sameSource") == "true"})
        for side in ("lower", "higher"):
            claim = local_id(iris, row[side], "claim")
            if claim not in entry[side]:
                entry[side].append(claim)
                entry["claim_iris"].append(URIRef(str(row[side])))
    by_incident: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entry in found.values():
        by_incident[entry["incident"]].append(entry)
    return by_incident


def conflicts_laid_out(entries: list[dict[str, Any]], claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Conflicts (from `conflict_entries`), one record each: the lower value and the higher, each with the
    claims stating it (`claim` the first of them in the order of `claims`, `claims` all), who said it, the
    sentence, and why both cannot be true (`reason`), all as stored when incidents were linked. `claims`
    hold at least the claims of both sides, in the incident's order; a side none of them states is left out."""
    order = {c["id"]: i for i, c in enumerate(claims)}
    by_id = {c["id"]: c for c in claims}
    out = []
    for entry in entries:
        category, victims = entry["category"], entry["victims"]
        sides = []
        for ids, stated in ((entry["lower"], entry["stated"]), (entry["higher"], entry["other_stated"])):
            known = sorted((i for i in ids if i in by_id and _figure_of(by_id[i], category, victims, stated)),
                           key=order.__getitem__)
            sides.append(known)
        low, high = sides
        if not (low and high):
            continue
        low_claim, high_claim = by_id[low[0]], by_id[high[0]]
        low_stated = entry["stated"] or _stated(_figure_of(low_claim, category, victims, None))  # type: ignore[arg-type]
        high_stated = entry["other_stated"] or _stated(_figure_of(high_claim, category, victims, None))  # type: ignore[arg-type]
        out.append({"category": category, "victims": victims,
                    "claim": low_claim["id"], "source": low_claim["source"], "stated": low_stated,
                    "text": low_claim["text"], "claims": low,
                    "other_claim": high_claim["id"], "other_source": high_claim["source"],
                    "other_stated": high_stated, "other_text": high_claim["text"], "other_claims": high,
                    "same_source": entry["same_source"], "reason": entry["reason"]})
    return sorted(out, key=lambda c: (c["category"], c["victims"], order[c["claim"]], order[c["other_claim"]]))


def figure_table(claims: list[dict[str, Any]], conflicts: list[dict[str, Any]],
                 ranges: list[dict[str, Any]]) -> dict[str, Any]:
    """`figures`: per (category, victims), each source's figures and their spread as linking stored it
    (`ranges`, from `kg.views.incident_rows.stored_range`: the lowest and highest figure as stated, the
    values they allow; None where nothing is stored, as while linking is pending); `conflicts` as given."""
    stored = {(r["category"], r["victims"]): r for r in ranges}
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
        found = stored.get((category, victims))
        spread = None if found is None else {
            "lowest": found["min"], "highest": found["max"], "lowest_stated": found["lowest"],
            "highest_stated": found["highest"], "stated": stated_span(found["lowest"], found["highest"]),
            "counts": sorted({f["count"] for _, f in entries})}
        table.append({"category": category, "victims": victims, "sources": list(by_source.values()),
                      "spread": spread})
    return {"figures": table, "conflicts": conflicts}
