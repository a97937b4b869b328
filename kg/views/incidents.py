"""Incidents: the filtered list, one incident's summary, and all claims about it by source."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.errors import NotFound, ParameterError
from kg.rdf.store import Query, Store, TextRow, boolean
from kg.rdf.vocab import Iris
from kg.views.claims import claim_queries, incident_order, records_from
from kg.views.common import (
    PREFIX,
    Page,
    key_id,
    local_id,
    tail,
    text,
    values,
)
from kg.views.figures import conflicts_laid_out, conflicts_query, entries_from, figure_table
from kg.views.incident_rows import RANGE_PATTERN, headline, rows_from, stored_queries, stored_range
from kg.views.links import links_from, links_queries
from kg.views.locator_map import incident_locations, locations_query
from kg.views.scope import Filters, incident_scope_pattern, resolve
from kg.views.timeline import reporting_timeline

# Conflicts are found when incidents are linked and stored with them (kg.resolve.summary).
CONFLICT_PATTERN = "?incident cg:conflict ?anyConflict ."

# Each sort: its order, and what the ranking must count over every matching incident (nothing for an
# order by date or id: then only the page's incidents are counted, by `items_of`). Undated incidents
# come last in either date order (an unbound day would sort first).
_CLAIMS = ("(COUNT(DISTINCT ?claim) AS ?claims)", "OPTIONAL { ?claim cg:about ?incident }", "")
# both counts stored at linking: no claim is read to rank (counting every incident's sources took 128 ms
# of the front page's 287 on FA-KES)
_SOURCES = ("", "OPTIONAL { ?incident cg:independentSources ?independent } "
                "OPTIONAL { ?incident cg:appearances ?appearances }", "?independent ?appearances")
SORTS = {"date": ("(!BOUND(?day)) ?day ?incident", None), "-date": ("(!BOUND(?day)) DESC(?day) ?incident", None),
         "claims": ("?claims ?incident", _CLAIMS), "-claims": ("DESC(?claims) ?incident", _CLAIMS),
         "id": ("?incident", None),
         # the most independent sources first, then the most articles carrying it
         "-sources": ("DESC(COALESCE(?independent, 0)) DESC(COALESCE(?appearances, 0)) ?incident", _SOURCES)}


# What is stored about one incident: its places, actors and merged incidents a branch each, not all
# their combinations (164 rows for FA-KES's largest incident); its IRI written in each branch (`%(i)s`, a
# minted IRI, `n3()` escapes), as Oxigraph evaluates a union whole before joining it with a VALUES
# outside (10 ms against 0.3 ms).
_SUMMARY = PREFIX + """SELECT * WHERE {
  { %(i)s a cg:Incident .
    OPTIONAL { %(i)s cg:eventType ?type } OPTIONAL { %(i)s sem:hasTimeStamp ?stamp }
    OPTIONAL { %(i)s sem:hasBeginTimeStamp ?begin } OPTIONAL { %(i)s sem:hasEndTimeStamp ?end }
    OPTIONAL { %(i)s cg:independentSources ?independent } OPTIONAL { %(i)s cg:firstReported ?firstReported } }
  UNION { %(i)s sem:hasPlace ?place OPTIONAL { ?place skos:prefLabel ?placeLabel } }
  UNION { %(i)s cg:actorName ?actor } UNION { %(i)s owl:sameAs ?same }
  UNION { %(i)s cg:figureRange ?range . %(ranges)s } }"""


@dataclass(frozen=True, slots=True)
class IncidentFilters:
    """Filters of `/incidents`: the scope every reader shares (`kg.views.scope`: dates, place, event
    type, outlet, source, via, said of incidents), and what only incidents have."""

    scope: Filters = Filters()
    actor: str | None = None
    text: str | None = None
    has_conflicts: bool | None = None
    sort: str = "-date"


def _where(store: Store, iris: Iris, f: IncidentFilters) -> tuple[str, dict[str, Node]]:
    # The incidents of a place, an outlet or a source are found first, each in one pass from the place
    # (its containment walked downwards once) or the agent, then joined: as a filter evaluated per
    # incident they took 11 s (a source) and 53 s (a source and a place) on 61 FA-KES articles.
    parts = [incident_scope_pattern(resolve(store, iris, f.scope)),
             "OPTIONAL { ?incident sem:hasTimeStamp ?stamp } OPTIONAL { ?incident sem:hasBeginTimeStamp ?begin }",
             "BIND(STR(COALESCE(?stamp, ?begin)) AS ?day)"]
    bound: dict[str, Node] = {}
    if f.actor:
        parts.append("FILTER EXISTS { { ?incident cg:actorName ?actorName } UNION "
                     "{ ?incident sem:hasActor/skos:prefLabel ?actorName } "
                     "FILTER(CONTAINS(LCASE(STR(?actorName)), LCASE(?actorText))) }")
        bound["actorText"] = Literal(f.actor)
    if f.text:
        # One pass over the claims' texts, joined first (the FILTER EXISTS this replaces was evaluated
        # per incident over every claim: 100+ s on 118k quads for a word found nowhere, now ~20 ms);
        # the text goes in as a literal rdflib escapes.
        parts.insert(0, "{ SELECT DISTINCT ?incident WHERE { ?textClaim schema:text ?claimText "
                        f"FILTER(CONTAINS(LCASE(?claimText), LCASE({Literal(f.text).n3()}))) "
                        "?textClaim cg:about ?incident } }")
    if f.has_conflicts is not None:
        parts.append(("FILTER EXISTS {" if f.has_conflicts else "FILTER NOT EXISTS {") + CONFLICT_PATTERN + " }")
    return "\n".join(parts), bound


def list_incidents(store: Store, iris: Iris, filters: IncidentFilters | None = None,
                   page: Page | None = None) -> dict[str, Any]:
    """One page of incidents matching `filters`, newest first by default: where, when, type, how many
    claims and sources, the stored figure ranges and conflicts, and a one-line headline of each (four
    queries in two rounds)."""
    filters, page = filters or IncidentFilters(), page or Page()
    where, bound = _where(store, iris, filters)
    total, rows = store.select_text([(PREFIX + f"SELECT (COUNT(DISTINCT ?incident) AS ?n) WHERE {{ {where} }}", bound),
                                    _page_query(where, bound, filters.sort, page)])
    [items] = items_of(store, iris, [rows])
    return {"total": int(total[0]["n"]) if total else 0, "limit": page.limit, "offset": page.offset,
            "items": items}


def incident_page_query(store: Store, iris: Iris, filters: IncidentFilters, page: Page) -> Query:
    """The query of the incidents of one page of `list_incidents`, in their order, without counting the
    whole list (the front page's short lists); `items_of` describes them."""
    return _page_query(*_where(store, iris, filters), filters.sort, page)


def _page_query(where: str, bound: dict[str, Node], sort: str, page: Page) -> Query:
    """The page's incidents in the order of `sort`. Counting the claims and sources of every incident
    before sorting took 0.7 s on FA-KES: only the sorts by claims or sources count them all."""
    if sort not in SORTS:
        raise ParameterError(f"sort must be one of {', '.join(SORTS)}")
    order, counted = SORTS[sort]
    aggregate, pattern, grouped = counted or ("", "", "")
    return PREFIX + f"""SELECT ?incident ?day {aggregate} WHERE {{ {where} {pattern} }}
      GROUP BY ?incident ?day {grouped} ORDER BY {order} LIMIT {page.limit} OFFSET {page.offset}""", bound


def items_of(store: Store, iris: Iris, pages: list[list[TextRow]]) -> list[list[dict[str, Any]]]:
    """The incidents of each page (the rows of `_page_query`) with what is stored and counted of each:
    two queries a page (`stored_queries`), all in one round."""
    pages_items: list[list[dict[str, Any]]] = [
        [{"id": local_id(iris, r["incident"], "incident"), "iri": str(r["incident"]), "date": text(r, "day") or None}
         for r in rows] for rows in pages]
    wanted = [[URIRef(item["iri"]) for item in items] for items in pages_items]
    answers = store.select_text([q for incidents in wanted if incidents for q in stored_queries(incidents)])
    for items, incidents in zip(pages_items, wanted, strict=True):
        if not incidents:
            continue
        stored_answer, places_answer, *answers = answers
        stored = rows_from(incidents, stored_answer, places_answer)
        for item in items:
            item.update(stored[item["iri"]])
            item["place"] = item["places"][0] if item["places"] else None
            item["has_conflicts"] = item["conflicts"] > 0
            item["headline"] = headline(item)
    return pages_items


def _summary(iris: Iris, incident: URIRef, incident_id: str, rows: list[TextRow]) -> dict[str, Any]:
    """What is stored about the incident (the rows of `_SUMMARY`); NotFound when it is no incident."""
    first = next((r for r in rows if not {"place", "actor", "same", "range"} & r.keys()), None)
    if first is None:
        raise NotFound(f"no incident {incident_id!r}")
    places = {str(r["place"]): {"id": key_id(iris, r["place"]), "label": text(r, "placeLabel") or
              key_id(iris, r["place"])} for r in rows if "place" in r}
    return {
        "id": incident_id, "iri": str(incident), "event_type": tail(first.get("type")),
        "date": text(first, "stamp"),
        "date_range": [str(first["begin"]), str(first["end"])] if "begin" in first else None,
        "places": list(places.values()),
        "actors": sorted({str(r["actor"]) for r in rows if "actor" in r}),
        "same_as": sorted({local_id(iris, r["same"], "incident") for r in rows if "same" in r}),
        # reprints of one wire story count once, a spokesperson under their organisation
        "independent_sources": int(first["independent"]) if "independent" in first else None,
        # the publication day of the earliest article about it, incidents merged into it included
        "first_reported": text(first, "firstReported"),
    }


def _figures(iris: Iris, incident: URIRef, summary_rows: list[TextRow], conflict_rows: list[TextRow],
             claims: list[dict[str, Any]]) -> dict[str, Any]:
    """The figures side by side, with their spread and conflicts as stored, from the rows of `_SUMMARY`
    and `conflicts_query` and the records of the claims stating figures (more may be given), in the
    incident's order."""
    entries = entries_from(iris, conflict_rows).get(str(incident), [])
    return figure_table(claims, conflicts_laid_out(entries, claims),
                        [stored_range(r) for r in summary_rows if "range" in r])


def incident_summary(store: Store, iris: Iris, incident_id: str) -> dict[str, Any]:
    """Where, when, what; the figures each source gives, their spread, and which conflict; when
    each outlet reported it, with the figures it gave then (`timeline`); where each place it names
    can be drawn on a map, with the places containing it (`locations`); and why its reports are
    together, as linking joined them (`why_together`). Eight queries, at once."""
    incident = iris.key(f"incident/{incident_id}")
    summary_rows, parts, records, articles, conflicts, places, shared, links = store.select_text([
        (_SUMMARY % {"i": incident.n3(), "ranges": RANGE_PATTERN}, None),
        *claim_queries(f"?claim cg:about {incident.n3()} ."), conflicts_query(values("incident", [incident])),
        locations_query(incident), *links_queries(incident)])
    summary = _summary(iris, incident, incident_id, summary_rows)
    claims = sorted(records_from(iris, parts, records, articles).values(), key=incident_order)
    table = _figures(iris, incident, summary_rows, conflicts, claims)
    summary.update({
        # source agents, as the incident list counts them: the own voice of an article whose outlet is
        # not given is no agent
        "claims": len(claims), "sources": len({c["source"] for c in claims if c["source"] is not None}),
        "articles": len({c["article"] for c in claims})})
    timeline = reporting_timeline(claims)
    return {**summary, **table, "timeline": timeline,
            "locations": incident_locations(iris, places, claims),
            "why_together": _reports_named(links_from(iris, shared, links), timeline)}


def _reports_named(links: list[dict[str, Any]], timeline: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each link with the outlet and headline of the two articles it joins (as the timeline gives them)."""
    entries = {e["article"]: e for e in timeline}
    for link in links:
        for side, article in (("report", link["article"]), ("joined_to", link["to_article"])):
            entry = entries.get(article, {})
            link[side] = {"article": article, "outlet_label": entry.get("outlet_label"),
                          "headline": entry.get("headline") or entry.get("loaded_from") or article,
                          "published": entry.get("published")}
    return links


# Every claim about one incident (`%s`), with what orders its pages and counts its sources and articles,
# and whether it states a figure: only the claims of the page and those with figures are read whole (all
# 227 of FA-KES's largest incident took 31 of the page's 36 ms).
_ORDER = PREFIX + """SELECT ?claim ?articleId ?published ?begin ?source ?figured WHERE {
  ?claim cg:about %s ; schema:appearance ?article ; nif:beginIndex ?begin . ?article schema:identifier ?articleId .
  OPTIONAL { ?article schema:datePublished ?published } OPTIONAL { ?claim prov:wasAttributedTo ?source }
  BIND(EXISTS { ?claim cg:figure ?anyFigure } AS ?figured) }"""


def incident_claims(store: Store, iris: Iris, incident_id: str, page: Page | None = None) -> dict[str, Any]:
    """The claims about the incident, one page of them (in publication order, `total` in all), grouped by
    original source, each with its chain and anchor; with the incident's summary, and the figures side by
    side and the conflicts over all its claims (six queries in two rounds: what is stored of the incident,
    its claims in order, its conflicts; then the records of the page's claims and of those with figures)."""
    page = page or Page()
    incident = iris.key(f"incident/{incident_id}")
    summary_rows, order_rows, conflicts = store.select_text([
        (_SUMMARY % {"i": incident.n3(), "ranges": RANGE_PATTERN}, None), (_ORDER % incident.n3(), None),
        conflicts_query(values("incident", [incident]))])
    summary = _summary(iris, incident, incident_id, summary_rows)
    ordered = sorted({r["claim"]: r for r in order_rows}.values(), key=lambda r: (incident_order(
        {"published": r.get("published"), "article": r["articleId"], "begin": int(r["begin"])}), r["claim"]))
    shown = [r["claim"] for r in ordered[page.offset:page.offset + page.limit]]
    figured = [r["claim"] for r in ordered if boolean(r, "figured")]
    wanted = list(dict.fromkeys([*shown, *figured]))
    records = records_from(iris, *store.select_text(claim_queries(values("claim", [URIRef(c) for c in wanted]))))
    table = _figures(iris, incident, summary_rows, conflicts, [records[c] for c in figured if c in records])
    summary.update({"claims": len(ordered), "articles": len({r["articleId"] for r in ordered}),
                    "sources": len({key_id(iris, r["source"]) for r in ordered if "source" in r})})
    conflicting = {c for pair in table["conflicts"] for c in (pair["claim"], pair["other_claim"])}
    groups: dict[str, dict[str, Any]] = {}
    for claim in (records[c] for c in shown if c in records):
        group = groups.setdefault(claim["source"], {"source": claim["source"], "label": claim["source_label"],
                                                    "iri": claim["source_iri"], "claims": []})
        group["claims"].append({**claim, "conflicting": claim["id"] in conflicting})
    return {"incident": incident_id, "iri": str(incident), "summary": summary, "total": len(ordered),
            "limit": page.limit, "offset": page.offset, "sources": list(groups.values()), **table}
