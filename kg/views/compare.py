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
from rdflib.term import Node

from kg.errors import ParameterError
from kg.rdf.store import Store
from kg.rdf.vocab import Iris
from kg.views.claims import claim_records
from kg.views.common import PREFIX, Page, key_id, local_id, tail, text, values
from kg.views.figures import _stated
from kg.views.incident_rows import headline, stored_rows

MAX_SOURCES = 6
AGREE, CONFLICT, ONE_SOURCE = "agree", "conflict", "one source"

# A claim is the source's when the source, or a member speaking for it, is its original source.
_OF_SOURCE = "prov:wasAttributedTo/schema:memberOf*"

_LABELS = PREFIX + """SELECT ?agent ?label WHERE {{ {agents}
  ?agent a prov:Agent OPTIONAL {{ ?agent skos:prefLabel ?label }} }}"""

_CLAIMS = PREFIX + """SELECT DISTINCT ?incident ?claim ?source ?direct ?id ?begin WHERE {{ {incidents} {sources}
  ?claim cg:about ?incident ; {of} ?source ; prov:wasAttributedTo ?direct ;
    schema:appearance/schema:identifier ?id ; nif:beginIndex ?begin .
}} ORDER BY ?incident ?id ?begin"""

_CONFLICTS = PREFIX + """SELECT ?incident ?conflict ?category ?victims ?lower ?higher ?lowerStated ?higherStated
  ?reason WHERE {{ {incidents}
  ?incident cg:conflict ?conflict . ?conflict cg:category ?category ; cg:victims ?victims ;
    cg:lowerClaim ?lower ; cg:higherClaim ?higher .
  OPTIONAL {{ ?conflict cg:lowerStated ?lowerStated }} OPTIONAL {{ ?conflict cg:higherStated ?higherStated }}
  OPTIONAL {{ ?conflict cg:reason ?reason }} }}"""


def parse_sources(value: str | None) -> list[str]:
    """'agent/sohr, SANA' -> ['agent/sohr', 'SANA'] (order kept, repeats dropped)."""
    names = [name.strip() for name in (value or "").split(",")]
    return list(dict.fromkeys(name for name in names if name))


def _resolve(store: Store, iris: Iris, names: list[str]) -> list[URIRef]:
    """Each name as an agent of the store: by IRI, key ('agent/sohr'), bare key ('sohr') or label."""
    if len(names) < 2:
        raise ParameterError("compare needs two or more sources, separated by commas "
                             "(sources=agent/sohr,agent/sana)")
    if len(names) > MAX_SOURCES:
        raise ParameterError(f"compare takes at most {MAX_SOURCES} sources, not {len(names)}")
    found, unknown = [], []
    for name in names:
        agent = _agent(store, iris, name)
        if agent is None:
            unknown.append(name)
        elif agent not in found:
            found.append(agent)
    if unknown:
        raise ParameterError(f"no source called {', '.join(repr(n) for n in unknown)}; "
                             "use ids such as agent/sohr (see /sources)")
    if len(found) < 2:
        raise ParameterError("compare needs two or more different sources")
    return found


def _agent(store: Store, iris: Iris, name: str) -> URIRef | None:
    if name.startswith(("http://", "https://")):
        candidates = [URIRef(name)]
    elif "/" in name:
        candidates = [iris.key(name)]
    else:
        rows = store.select(PREFIX + """SELECT ?agent WHERE { ?agent a prov:Agent ; skos:prefLabel|skos:altLabel ?l .
          FILTER(LCASE(STR(?l)) = LCASE(?name)) } ORDER BY ?agent LIMIT 1""", {"name": Literal(name)})
        candidates = [URIRef(str(r["agent"])) for r in rows] + [iris.key(f"agent/{name}"), iris.key(f"outlet/{name}")]
    for candidate in candidates:
        if store.ask(PREFIX + "ASK { ?agent a prov:Agent }", {"agent": candidate}):
            return candidate
    return None


def _shared(agents: list[URIRef]) -> tuple[str, dict[str, Node]]:
    """A WHERE fragment binding ?incident to incidents every source spoke of, with its ?day and ?type."""
    parts = [f"?c0 {_OF_SOURCE} ?s0 ; cg:about ?incident ."]
    parts += [f"FILTER EXISTS {{ ?c{i} cg:about ?incident ; {_OF_SOURCE} ?s{i} }}" for i in range(1, len(agents))]
    return "\n".join(parts), {f"s{i}": agent for i, agent in enumerate(agents)}


def compare_sources(store: Store, iris: Iris, names: list[str], page: Page | None = None) -> dict[str, Any]:
    """The incidents all the named sources reported (newest first), and per incident and figure
    category each source's figures, with whether they agree, conflict, or only one gave a number."""
    page = page or Page(20, 0)
    agents = _resolve(store, iris, names)
    labels = {str(r["agent"]): text(r, "label") for r in store.select(_LABELS.format(agents=values("agent", agents)))}
    sources = [{"id": key_id(iris, a), "iri": str(a), "label": labels.get(str(a)) or key_id(iris, a)}
               for a in agents]
    where, bound = _shared(agents)
    total = store.select(PREFIX + f"SELECT (COUNT(DISTINCT ?incident) AS ?n) WHERE {{ {where} }}", bound)
    rows = store.select(PREFIX + f"""SELECT DISTINCT ?incident ?day ?type WHERE {{ {where}
      OPTIONAL {{ ?incident sem:hasTimeStamp ?stamp }} OPTIONAL {{ ?incident sem:hasBeginTimeStamp ?begin }}
      BIND(STR(COALESCE(?stamp, ?begin)) AS ?day) OPTIONAL {{ ?incident cg:eventType ?type }} }}
      ORDER BY (!BOUND(?day)) DESC(?day) ?incident LIMIT {page.limit} OFFSET {page.offset}""", bound)
    incidents = [URIRef(str(r["incident"])) for r in rows]
    items = [{"id": local_id(iris, r["incident"], "incident"), "iri": str(r["incident"]),
              "event_type": tail(r.get("type")), "date": text(r, "day") or None} for r in rows]
    stored = stored_rows(store, incidents)
    for item in items:
        item.update({k: stored[item["iri"]][k] for k in ("places", "independent_sources")})
        item["headline"] = headline({**item, "figures": stored[item["iri"]]["figures"]})
    _side_by_side(store, iris, items, incidents, sources)
    return {"sources": sources, "total": int(total[0]["n"]) if total else 0, "limit": page.limit,
            "offset": page.offset, "items": items}


def _side_by_side(store: Store, iris: Iris, items: list[dict[str, Any]], incidents: list[URIRef],
                  sources: list[dict[str, Any]]) -> None:
    """Fill each incident with its measures: per (category, victims) each source's figures and the verdict."""
    if not incidents:
        return
    block = values("incident", list(incidents))
    source_block = values("source", [URIRef(s["iri"]) for s in sources])
    # claim IRI -> the compared source it is of: its original source itself when compared (Rami Abdel
    # Rahman beside SOHR), else the compared source it speaks for
    owner: dict[str, str] = {}
    by_incident: dict[str, list[URIRef]] = defaultdict(list)
    for row in store.select(_CLAIMS.format(incidents=block, sources=source_block, of=_OF_SOURCE)):
        claim = str(row["claim"])
        if claim not in owner:
            by_incident[str(row["incident"])].append(URIRef(claim))
        if claim not in owner or row["source"] == row["direct"]:
            owner[claim] = key_id(iris, row["source"])
    records = {c["iri"]: c for c in claim_records(store, iris, [URIRef(c) for c in owner])}
    conflicts = _conflicts(store, iris, block, owner)
    for item in items:
        claims = [records[str(c)] for c in by_incident[item["iri"]] if str(c) in records]
        item["claims"] = {s["id"]: [c["id"] for c in claims if owner[c["iri"]] == s["id"]] for s in sources}
        item["measures"] = _measures(claims, owner, sources, conflicts.get(item["iri"], []))
        item["agreement"] = _overall(item["measures"])


def _conflicts(store: Store, iris: Iris, block: str, owner: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    """Stored conflicts between two different compared sources, by incident IRI."""
    found: dict[str, dict[str, Any]] = {}
    for row in store.select(_CONFLICTS.format(incidents=block)):
        entry = found.setdefault(str(row["conflict"]), {
            "incident": str(row["incident"]), "category": str(row["category"]), "victims": str(row["victims"]),
            "stated": text(row, "lowerStated"), "other_stated": text(row, "higherStated"),
            "reason": text(row, "reason"), "lower": [], "higher": []})
        for side, var in (("lower", "lower"), ("higher", "higher")):
            claim = str(row[var])
            if claim in owner and claim not in entry[side]:
                entry[side].append(claim)
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entry in found.values():
        pairs = {(owner[a], owner[b]) for a in entry["lower"] for b in entry["higher"] if owner[a] != owner[b]}
        for source, other in sorted(pairs):
            claim = next(a for a in entry["lower"] if owner[a] == source)
            other_claim = next(b for b in entry["higher"] if owner[b] == other)
            out[entry["incident"]].append({
                "category": entry["category"], "victims": entry["victims"],
                "source": source, "stated": entry["stated"], "claim": local_id(iris, claim, "claim"),
                "other_source": other, "other_stated": entry["other_stated"],
                "other_claim": local_id(iris, other_claim, "claim"), "reason": entry["reason"]})
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
