"""Sources: every agent that said or relayed something, and what one source said, through whom,
about which incidents, and how often its figures disagreed with others'."""

from __future__ import annotations

from typing import Any

from rdflib import URIRef

from kg.errors import NotFound
from kg.model import claim_order
from kg.rdf.store import Store, TextRow
from kg.rdf.vocab import Iris
from kg.views.claims import claim_records, incident_order
from kg.views.common import PREFIX, Page, key_id, local_id, tail, text, values
from kg.views.figures import conflict_entries, conflicts_laid_out

# Each count in a subquery of its own: counted beside each other, a source's claims times its relays were
# joined first (SOHR: 1,186 x 7), 266 -> 24 ms for the first page on FA-KES.
_LIST = PREFIX + """
SELECT ?agent ?label ?role ?claims ?relays WHERE {
  { SELECT ?agent (COUNT(DISTINCT ?said) AS ?claims) WHERE {
      ?agent a prov:Agent OPTIONAL { ?said prov:wasAttributedTo ?agent } } GROUP BY ?agent }
  { SELECT ?agent (COUNT(DISTINCT ?relayed) AS ?relays) WHERE {
      ?agent a prov:Agent OPTIONAL { ?relayed cg:via ?agent } } GROUP BY ?agent }
  OPTIONAL { ?agent skos:prefLabel ?label } OPTIONAL { ?agent cg:role ?role }
} ORDER BY DESC(?claims) DESC(?relays) ?agent LIMIT %d OFFSET %d"""


def list_sources(store: Store, iris: Iris, page: Page | None = None) -> dict[str, Any]:
    page = page or Page()
    total, rows = store.select_text([
        (PREFIX + "SELECT (COUNT(DISTINCT ?agent) AS ?n) WHERE { ?agent a prov:Agent }", None),
        (_LIST % (page.limit, page.offset), None)])
    items = [{"id": key_id(iris, r["agent"]), "iri": str(r["agent"]),
              "label": text(r, "label") or key_id(iris, r["agent"]), "role": tail(r.get("role")),
              "claims": int(r["claims"]), "relayed": int(r["relays"])} for r in rows]
    return {"total": int(total[0]["n"]) if total else 0, "limit": page.limit, "offset": page.offset,
            "items": items}


# What the source's record says of all its claims, aggregated by the engine so that a few values cross to
# Python, not a row per claim or incident (SOHR on FA-KES, served: 728 rows in 34 ms -> 10 rows in 21 ms), in
# two queries of branches that the two query processes evaluate side by side (one query of all five took
# 44 ms, its parts 24 and 20): how many claims it said and relayed, and how many of its claims passed
# through each chain of intermediaries (hops after the first, each 'position label' or 'position <IRI>'
# without a label, separated by U+001F; a claim with none came directly); then its outlets and incidents
# (IRIs separated by spaces: minted IRIs hold none). `%(agent)s` is the source's IRI: a subquery does not
# see the VALUES that bind parameters.
_OVERVIEW = (PREFIX + """
SELECT ?said ?relayed ?chain ?claims WHERE {
  { SELECT (COUNT(DISTINCT ?c) AS ?said) WHERE { ?c prov:wasAttributedTo %(agent)s } }
  UNION { SELECT (COUNT(DISTINCT ?c) AS ?relayed) WHERE { ?c cg:via %(agent)s } }
  UNION { SELECT ?chain (COUNT(?claim) AS ?claims) WHERE {
            { SELECT ?claim (GROUP_CONCAT(?hop; separator="\\u001F") AS ?chain) WHERE {
                ?claim prov:wasAttributedTo %(agent)s ; cg:hop ?h . ?h cg:position ?position ; cg:agent ?a .
                FILTER(?position > 0) OPTIONAL { ?a skos:prefLabel ?label }
                BIND(CONCAT(STR(?position), " ", COALESCE(?label, CONCAT("<", STR(?a), ">"))) AS ?hop) }
              GROUP BY ?claim } }
          GROUP BY ?chain }
}""", PREFIX + """
SELECT ?outlets ?incidents WHERE {
  { SELECT (GROUP_CONCAT(DISTINCT STR(?outlet); separator=" ") AS ?outlets) WHERE {
      ?c prov:wasAttributedTo %(agent)s ; schema:appearance/schema:publisher ?outlet } }
  UNION { SELECT (GROUP_CONCAT(DISTINCT STR(?incident); separator=" ") AS ?incidents) WHERE {
            ?c prov:wasAttributedTo %(agent)s ; cg:about ?incident } }
}""")

# The conflicts in which the given claims stand, on either side, found from the claims first (a union
# of the two sides joined with the conflicts' triples took 20 s for SOHR's claims on FA-KES).
_IN_CONFLICT = """{ SELECT DISTINCT ?conflict WHERE { %s ?conflict cg:lowerClaim|cg:higherClaim ?claim } }"""


def source_detail(store: Store, iris: Iris, source_id: str, page: Page | None = None) -> dict[str, Any]:
    """The source's identity; over all its claims, how many it said and relayed, the outlets, the
    incidents and the chains through which they reached readers; one page of its claims (`items`), by
    article and offset, and where their figures disagreed with another source's (`disagreements`: each
    on the page of the claim of this source that states it). Eight queries in three rounds, whatever the number
    of claims."""
    page = page or Page()
    agent = iris.key(source_id)
    rows, counts_rows, linked_rows, said_rows = store.select_text([
        (PREFIX + """SELECT ?label ?alt ?role ?member ?same WHERE { ?agent a prov:Agent .
      OPTIONAL { ?agent skos:prefLabel ?label } OPTIONAL { ?agent skos:altLabel ?alt }
      OPTIONAL { ?agent cg:role ?role } OPTIONAL { ?agent schema:memberOf ?member }
      OPTIONAL { ?agent owl:sameAs ?same } }""", {"agent": agent}),
        *((query % {"agent": agent.n3()}, None) for query in _OVERVIEW),
        # ordered here by their ids (article, then offsets): reading each claim's article and offset to order
        # them in the engine took 20 ms for SOHR's 1,209 claims, the ids alone 3
        (PREFIX + "SELECT ?claim WHERE { ?claim prov:wasAttributedTo ?agent }", {"agent": agent})])
    if not rows:
        raise NotFound(f"no source {source_id!r} (ids look like agent/sohr or outlet/press-tv)")
    overview = _overview(iris, counts_rows + linked_rows)
    said = sorted((r["claim"] for r in said_rows), key=lambda iri: claim_order(local_id(iris, iri, "claim")))
    shown = [URIRef(iri) for iri in said[page.offset:page.offset + page.limit]]
    entries = conflict_entries(store, iris, _IN_CONFLICT % values("claim", list(shown))) if shown else {}
    sides = [c for found in entries.values() for entry in found for c in entry["claim_iris"]]
    records = {c["iri"]: c for c in claim_records(store, iris, list(dict.fromkeys(shown + sides)))}
    in_conflict = [records[c] for c in map(str, sides) if c in records]
    items = [records[c] for c in map(str, shown) if c in records]
    shown_ids = {c["id"] for c in items}
    first = rows[0]
    return {
        "id": source_id, "iri": str(agent), "label": text(first, "label") or source_id,
        "aliases": sorted({str(r["alt"]) for r in rows if "alt" in r}), "role": tail(first.get("role")),
        "member_of": key_id(iris, first["member"]) if "member" in first else None,
        "same_as": sorted({str(r["same"]) for r in rows if "same" in r}),
        **overview, "total": overview["claims"], "limit": page.limit, "offset": page.offset,
        "items": items, "disagreements": [d for d in _disagreements(iris, agent, entries, in_conflict)
                                          if d["claim"] in shown_ids],
    }


def _overview(iris: Iris, rows: list[TextRow]) -> dict[str, Any]:
    """What the rows of `_OVERVIEW` say of all the source's claims."""
    said = relayed = 0
    outlets: list[str] = []
    incidents: list[str] = []
    through: dict[str, int] = {}
    for row in rows:
        if "said" in row:
            said = int(row["said"])
        elif "relayed" in row:
            relayed = int(row["relayed"])
        elif "outlets" in row:
            outlets = sorted({key_id(iris, o) for o in str(row["outlets"]).split()})
        elif "incidents" in row:
            incidents = sorted({local_id(iris, i, "incident") for i in str(row["incidents"]).split()})
        elif "chain" in row:
            # the chain as the claim records give it (`via`): the hops' labels in order
            hops = sorted((int(position), _label(iris, label)) for position, label in
                          (hop.split(" ", 1) for hop in str(row["chain"]).split("\u001f")))
            path = " → ".join(label for _, label in hops)
            through[path] = through.get(path, 0) + int(row["claims"])
    relayed_claims = sum(through.values())
    if said > relayed_claims:
        through["(directly)"] = said - relayed_claims
    return {"claims": said, "relayed": relayed, "outlets": outlets,
            "through": [{"chain": k, "claims": v} for k, v in sorted(through.items(), key=lambda kv: (-kv[1], kv[0]))],
            "incidents": incidents}


def _label(iris: Iris, written: str) -> str:
    """A hop's label in `_OVERVIEW`, or the key of its agent where it has none ('<IRI>')."""
    return key_id(iris, written[1:-1]) if written.startswith("<") and written.endswith(">") else written


def _disagreements(iris: Iris, agent: URIRef, entries: dict[str, list[dict[str, Any]]],
                   claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Conflicts between this source's figures and another source's, incident by incident, laid out
    as on the incident's page (the claims of both sides in the incident's order)."""
    ordered = sorted({c["id"]: c for c in claims}.values(), key=incident_order)
    source = key_id(iris, agent)
    found = []
    for incident in sorted(entries, key=lambda i: local_id(iris, i, "incident")):
        for conflict in conflicts_laid_out(entries[incident], ordered):
            if conflict["source"] == conflict["other_source"] or source not in (
                    conflict["source"], conflict["other_source"]):
                continue
            if conflict["other_source"] == source:  # this source's side first
                conflict = _swap(conflict)
            found.append({"incident": local_id(iris, incident, "incident"), **conflict})
    return found


def _swap(conflict: dict[str, Any]) -> dict[str, Any]:
    sides = ("claim", "source", "stated", "text", "claims")
    swapped = dict(conflict)
    for key in sides:
        swapped[key], swapped[f"other_{key}"] = conflict[f"other_{key}"], conflict[key]
    return swapped
