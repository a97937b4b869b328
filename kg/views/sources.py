"""Sources: every agent that said or relayed something, and what one source said, through whom,
about which incidents, and how often its figures disagreed with others'."""

from __future__ import annotations

from typing import Any

from rdflib import URIRef

from kg.errors import NotFound
from kg.rdf.store import Store
from kg.rdf.vocab import Iris
from kg.views.claims import claim_records
from kg.views.common import PREFIX, Page, key_id, tail, text
from kg.views.figures import stored_conflicts

_LIST = PREFIX + """
SELECT ?agent ?label ?role (COUNT(DISTINCT ?said) AS ?claims) (COUNT(DISTINCT ?relayed) AS ?relays)
WHERE {
  ?agent a prov:Agent .
  OPTIONAL { ?agent skos:prefLabel ?label } OPTIONAL { ?agent cg:role ?role }
  OPTIONAL { ?said prov:wasAttributedTo ?agent }
  OPTIONAL { ?relayed cg:via ?agent }
} GROUP BY ?agent ?label ?role ORDER BY DESC(?claims) DESC(?relays) ?agent LIMIT %d OFFSET %d"""


def list_sources(store: Store, iris: Iris, page: Page | None = None) -> dict[str, Any]:
    page = page or Page()
    total = store.select(PREFIX + "SELECT (COUNT(DISTINCT ?agent) AS ?n) WHERE { ?agent a prov:Agent }")
    items = [{"id": key_id(iris, r["agent"]), "iri": str(r["agent"]),
              "label": text(r, "label") or key_id(iris, r["agent"]), "role": tail(r.get("role")),
              "claims": int(r["claims"]), "relayed": int(r["relays"])}
             for r in store.select(_LIST % (page.limit, page.offset))]
    return {"total": int(total[0]["n"]) if total else 0, "limit": page.limit, "offset": page.offset, "items": items}


def source_detail(store: Store, iris: Iris, source_id: str) -> dict[str, Any]:
    """The source's identity, its claims, the incidents they are about, its chains and disagreements."""
    agent = iris.key(source_id)
    rows = store.select(PREFIX + """SELECT ?label ?alt ?role ?member ?same WHERE { ?agent a prov:Agent .
      OPTIONAL { ?agent skos:prefLabel ?label } OPTIONAL { ?agent skos:altLabel ?alt }
      OPTIONAL { ?agent cg:role ?role } OPTIONAL { ?agent schema:memberOf ?member }
      OPTIONAL { ?agent owl:sameAs ?same } }""", {"agent": agent})
    if not rows:
        raise NotFound(f"no source {source_id!r} (ids look like agent/sohr or outlet/press-tv)")
    said = [URIRef(str(r["claim"])) for r in store.select(PREFIX + """SELECT ?claim WHERE {
      ?claim prov:wasAttributedTo ?agent ; schema:appearance/schema:identifier ?id ; nif:beginIndex ?b }
      ORDER BY ?id ?b""", {"agent": agent})]
    relayed = store.select(PREFIX + "SELECT (COUNT(DISTINCT ?claim) AS ?n) WHERE { ?claim cg:via ?agent }",
                           {"agent": agent})
    claims = claim_records(store, iris, said)
    through: dict[str, int] = {}
    for claim in claims:
        path = " → ".join(claim["via"]) or "(directly)"
        through[path] = through.get(path, 0) + 1
    incidents = sorted({c["incident"] for c in claims if c["incident"]})
    disagreements = _disagreements(store, iris, agent, incidents)
    first = rows[0]
    return {
        "id": source_id, "iri": str(agent), "label": text(first, "label") or source_id,
        "aliases": sorted({str(r["alt"]) for r in rows if "alt" in r}), "role": tail(first.get("role")),
        "member_of": key_id(iris, first["member"]) if "member" in first else None,
        "same_as": sorted({str(r["same"]) for r in rows if "same" in r}),
        "claims": len(claims), "relayed": int(relayed[0]["n"]) if relayed else 0,
        "outlets": sorted({c["outlet"] for c in claims if c["outlet"]}),
        "through": [{"chain": k, "claims": v} for k, v in sorted(through.items(), key=lambda kv: -kv[1])],
        "incidents": incidents, "disagreements": disagreements, "items": claims,
    }


def _disagreements(store: Store, iris: Iris, agent: URIRef, incidents: list[str]) -> list[dict[str, Any]]:
    """Conflicts between this source's figures and another source's, incident by incident."""
    from kg.views.incidents import _claims_about

    found = []
    source = key_id(iris, agent)
    for incident in incidents:
        incident_iri = iris.key(f"incident/{incident}")
        claims = claim_records(store, iris, _claims_about(store, incident_iri))
        for conflict in stored_conflicts(store, iris, incident_iri, claims):
            if conflict["source"] == conflict["other_source"] or source not in (
                    conflict["source"], conflict["other_source"]):
                continue
            if conflict["other_source"] == source:  # this source's side first
                conflict = _swap(conflict)
            found.append({"incident": incident, **conflict})
    return found


def _swap(conflict: dict[str, Any]) -> dict[str, Any]:
    sides = ("claim", "source", "stated", "text", "claims")
    swapped = dict(conflict)
    for key in sides:
        swapped[key], swapped[f"other_{key}"] = conflict[f"other_{key}"], conflict[key]
    return swapped
