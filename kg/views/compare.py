"""Two or more sources side by side: the incidents they all reported, each source's figures for each
incident, and whether their figures agree or conflict.

A source's claims are those it is the original source of, a member speaking for it included (Rami
Abdel Rahman for SOHR): SOHR direct and SOHR via AFP are SOHR's. Whether two figures conflict was
decided when incidents were linked (`kg.resolve.summary`) and stored with the incident
(`cg:conflict`); this module only reads that back.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rdflib import Literal, URIRef

from kg.errors import ParameterError
from kg.rdf.store import Store
from kg.rdf.vocab import Iris
from kg.views.claims import claim_records
from kg.views.common import PREFIX, Page, given_iri, key_id, local_id, tail, text, values
from kg.views.figures import _stated, conflicts_query, entries_from
from kg.views.incident_rows import headline, rows_from, stored_queries

MAX_SOURCES = 6
AGREE, CONFLICT, ONE_SOURCE = "agree", "conflict", "one source"

# A claim is the source's when the source, or a member speaking for it, is its original source. The
# incidents' claims and their direct sources first, then whether each speaks for a compared source
# (69 -> 32 ms for 20 incidents of SOHR and The New Arab on FA-KES, the same rows).
_CLAIMS = PREFIX + """SELECT DISTINCT ?incident ?claim ?source ?direct ?id ?begin WHERE {{
  {{ SELECT ?claim ?incident ?direct WHERE {{ {incidents} ?claim cg:about ?incident ; prov:wasAttributedTo ?direct }} }}
  {sources} ?direct schema:memberOf* ?source .
  ?claim schema:appearance/schema:identifier ?id ; nif:beginIndex ?begin .
}} ORDER BY ?incident ?id ?begin"""


def parse_sources(value: str | None) -> list[str]:
    """'agent/sohr, SANA' -> ['agent/sohr', 'SANA'] (order kept, repeats dropped)."""
    names = [name.strip() for name in (value or "").split(",")]
    return list(dict.fromkeys(name for name in names if name))


def _resolve(store: Store, iris: Iris, names: list[str]) -> list[dict[str, str]]:
    """Each name as an agent of the store, with its id, IRI and label (one query for all): by IRI, key
    ('agent/sohr'), label, or bare key ('sohr'), in that order."""
    if len(names) < 2:
        raise ParameterError("compare needs two or more sources, separated by commas "
                             "(sources=agent/sohr,agent/sana)")
    if len(names) > MAX_SOURCES:
        raise ParameterError(f"compare takes at most {MAX_SOURCES} sources, not {len(names)}")
    candidates = []  # (name, rank, IRI): a label match ranks 0, before the bare keys
    for name in names:
        if name.startswith(("http://", "https://")):
            candidates.append((name, 1, given_iri(name, "source")))
        elif "/" in name:
            candidates.append((name, 1, iris.key(name)))
        else:
            candidates += [(name, 1, iris.key(f"agent/{name}")), (name, 2, iris.key(f"outlet/{name}"))]
    labels = [name for name in names if "/" not in name]
    by_label = (f"""UNION {{ VALUES ?name {{ {' '.join(Literal(n).n3() for n in labels)} }}
      ?agent skos:prefLabel|skos:altLabel ?written . FILTER(LCASE(STR(?written)) = LCASE(?name)) BIND(0 AS ?rank) }}"""
                if labels else "")
    [rows] = store.select_text([(PREFIX + f"""SELECT DISTINCT ?name ?rank ?agent ?label WHERE {{
      {{ VALUES (?name ?rank ?agent) {{ {' '.join(f'({Literal(n).n3()} {r} {a.n3()})' for n, r, a in candidates)} }} }}
      {by_label}
      ?agent a prov:Agent . OPTIONAL {{ ?agent skos:prefLabel ?label }} }}""", None)])
    best: dict[str, tuple[int, str, str | None]] = {}
    for row in rows:
        name, found = str(row["name"]), (int(row["rank"]), str(row["agent"]), text(row, "label"))
        if name not in best or found[:2] < best[name][:2]:
            best[name] = found
    unknown = [name for name in names if name not in best]
    if unknown:
        raise ParameterError(f"no source called {', '.join(repr(n) for n in unknown)}; "
                             "use ids such as agent/sohr (see /sources)")
    sources: dict[str, dict[str, str]] = {}
    for name in names:
        _, iri, label = best[name]
        sources.setdefault(iri, {"id": key_id(iris, iri), "iri": iri, "label": label or key_id(iris, iri)})
    if len(sources) < 2:
        raise ParameterError("compare needs two or more different sources")
    return list(sources.values())


def _shared(agents: list[URIRef]) -> str:
    """A WHERE fragment binding ?incident to incidents every source spoke of: the incidents of each
    source found in one pass from it (the source, then its members, then their claims), then joined.
    Not a filter per incident: with the sources bound outside it, the path was walked from every claim
    (over 5 minutes for SOHR and SANA on FA-KES). A subquery does not see outer VALUES, so the (minted
    or checked) IRIs go in as text."""
    return "\n".join(f"{{ SELECT DISTINCT ?incident WHERE {{ ?speaker{i} schema:memberOf* {agent.n3()} . "
                     f"?claim{i} prov:wasAttributedTo ?speaker{i} ; cg:about ?incident }} }}"
                     for i, agent in enumerate(agents))


def compare_sources(store: Store, iris: Iris, names: list[str], page: Page | None = None) -> dict[str, Any]:
    """The incidents all the named sources reported (newest first), and per incident and figure
    category each source's figures, with whether they agree, conflict, or only one gave a number."""
    page = page or Page(20, 0)
    sources = _resolve(store, iris, names)
    where = _shared([URIRef(s["iri"]) for s in sources])
    total, rows = store.select_text([
        (PREFIX + f"SELECT (COUNT(DISTINCT ?incident) AS ?n) WHERE {{ {where} }}", None),
        (PREFIX + f"""SELECT DISTINCT ?incident ?day ?type WHERE {{ {where}
      OPTIONAL {{ ?incident sem:hasTimeStamp ?stamp }} OPTIONAL {{ ?incident sem:hasBeginTimeStamp ?begin }}
      BIND(STR(COALESCE(?stamp, ?begin)) AS ?day) OPTIONAL {{ ?incident cg:eventType ?type }} }}
      ORDER BY (!BOUND(?day)) DESC(?day) ?incident LIMIT {page.limit} OFFSET {page.offset}""", None)])
    incidents = [URIRef(str(r["incident"])) for r in rows]
    items: list[dict[str, Any]] = [{"id": local_id(iris, r["incident"], "incident"), "iri": str(r["incident"]),
              "event_type": tail(r.get("type")), "date": text(r, "day") or None} for r in rows]
    if incidents:
        _side_by_side(store, iris, items, incidents, sources)
    return {"sources": sources, "total": int(total[0]["n"]) if total else 0, "limit": page.limit,
            "offset": page.offset, "items": items}


def _side_by_side(store: Store, iris: Iris, items: list[dict[str, Any]], incidents: list[URIRef],
                  sources: list[dict[str, Any]]) -> None:
    """Fill each incident with what is stored of it and its measures: per (category, victims) each
    source's figures and the verdict (seven queries in two rounds)."""
    block = values("incident", list(incidents))
    source_block = values("source", [URIRef(s["iri"]) for s in sources])
    stored_rows, place_rows, claim_rows, conflict_rows = store.select_text([
        *stored_queries(incidents), (_CLAIMS.format(incidents=block, sources=source_block), None),
        conflicts_query(block)])
    stored = rows_from(incidents, stored_rows, place_rows)
    for item in items:
        item.update({k: stored[item["iri"]][k] for k in ("places", "independent_sources")})
        item["headline"] = headline({**item, "figures": stored[item["iri"]]["figures"]})
    # claim IRI -> the compared source it is of: its original source itself when compared (Rami Abdel
    # Rahman beside SOHR), else the compared source it speaks for
    owner: dict[str, str] = {}
    by_incident: dict[str, list[URIRef]] = defaultdict(list)
    for row in claim_rows:
        claim = str(row["claim"])
        if claim not in owner:
            by_incident[str(row["incident"])].append(URIRef(claim))
        if claim not in owner or row["source"] == row["direct"]:
            owner[claim] = key_id(iris, row["source"])
    records = {c["iri"]: c for c in claim_records(store, iris, [URIRef(c) for c in owner])}
    conflicts = _conflicts(iris, entries_from(iris, conflict_rows), owner)
    for item in items:
        claims = [records[str(c)] for c in by_incident[item["iri"]] if str(c) in records]
        item["claims"] = {s["id"]: [c["id"] for c in claims if owner[c["iri"]] == s["id"]] for s in sources}
        item["measures"] = _measures(claims, owner, sources, conflicts.get(item["iri"], []))
        item["agreement"] = _overall(item["measures"])


def _conflicts(iris: Iris, stored: dict[str, list[dict[str, Any]]], owner: dict[str, str]
               ) -> dict[str, list[dict[str, Any]]]:
    """Of the incidents' stored conflicts (`entries_from`), those between two different compared sources,
    by incident IRI."""
    of = {local_id(iris, claim, "claim"): source for claim, source in owner.items()}
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for incident, entries in stored.items():
        for entry in entries:
            lower = [c for c in entry["lower"] if c in of]
            higher = [c for c in entry["higher"] if c in of]
            for source, other in sorted({(of[a], of[b]) for a in lower for b in higher if of[a] != of[b]}):
                out[incident].append({
                    "category": entry["category"], "victims": entry["victims"],
                    "source": source, "stated": entry["stated"], "claim": next(a for a in lower if of[a] == source),
                    "other_source": other, "other_stated": entry["other_stated"],
                    "other_claim": next(b for b in higher if of[b] == other), "reason": entry["reason"]})
    return out


def _measures(claims: list[dict[str, Any]], owner: dict[str, str], sources: list[dict[str, Any]],
              conflicts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    figures: dict[tuple[str, str], dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for claim in claims:
        for figure in claim["figures"]:
            figures[(figure["category"], figure["victims"])][owner[claim["iri"]]].append({
                "claim": claim["id"], "stated": _stated(figure), "count": figure["count"],
                "qualifier": figure["qualifier"], "min": figure["min"], "max": figure["max"],
                "via": claim["via"], "article": claim["article"], "begin": claim["begin"], "end": claim["end"],
                "published": claim["published"], "outlet_label": claim["outlet_label"]})
    out = []
    for (category, victims), by_source in sorted(figures.items()):
        mine = [c for c in conflicts if (c["category"], c["victims"]) == (category, victims)]
        given = [s["id"] for s in sources if by_source.get(s["id"])]
        verdict = CONFLICT if mine else AGREE if len(given) > 1 else ONE_SOURCE
        out.append({"category": category, "victims": victims, "agreement": verdict, "conflicts": mine,
                    "by_source": [{"source": s["id"], "figures": by_source.get(s["id"], [])} for s in sources]})
    return out


def _overall(measures: list[dict[str, Any]]) -> str:
    """The incident's verdict: a conflict on any figure; else agreement where two or more gave one."""
    verdicts = {m["agreement"] for m in measures}
    if CONFLICT in verdicts:
        return CONFLICT
    if AGREE in verdicts:
        return AGREE
    return ONE_SOURCE if verdicts else "no figures"


__all__ = ["compare_sources", "parse_sources"]
