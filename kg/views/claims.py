"""Claims: the list with its filters, one claim, and the full records other views embed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.errors import NotFound, ParameterError
from kg.model import NO_OUTLET_VOICE, QUOTE_TYPES
from kg.rdf.store import Query, Store, TextRow, boolean
from kg.rdf.vocab import Iris
from kg.views.common import (
    PREFIX,
    Page,
    integer,
    key_id,
    local_id,
    tail,
    text,
    values,
)
from kg.views.scope import Filters, resolve, scope_pattern

# A claim's own properties; its article's are read apart (`_ARTICLES`), once an article: both at once took
# 10 + 2 ms of the engine's time for FA-KES's largest incident (230 claims), one query joining them 20 ms.
_RECORDS = PREFIX + """
SELECT ?claim ?text ?begin ?end ?article ?source ?sourceLabel ?own ?cue ?quote ?hedged ?type ?date ?dateBegin ?dateEnd
       ?actor ?incident WHERE {
  %s
  ?claim schema:text ?text ; nif:beginIndex ?begin ; nif:endIndex ?end ; schema:appearance ?article ;
         cg:quoteType ?quote ; cg:hedged ?hedged ; cg:ownVoice ?own .
  OPTIONAL { ?claim prov:wasAttributedTo ?source OPTIONAL { ?source skos:prefLabel ?sourceLabel } }
  OPTIONAL { ?claim cg:cue ?cue } OPTIONAL { ?claim cg:eventType ?type } OPTIONAL { ?claim cg:date ?date }
  OPTIONAL { ?claim cg:dateBegin ?dateBegin } OPTIONAL { ?claim cg:dateEnd ?dateEnd }
  OPTIONAL { ?claim cg:actorName ?actor } OPTIONAL { ?claim cg:about ?incident }
}"""

# The articles of the claims (`%s` binds ?claim, as in `_RECORDS`).
_ARTICLES = PREFIX + """
SELECT ?article ?articleId ?published ?headline ?outlet ?outletLabel ?loadedFrom WHERE {
  { SELECT DISTINCT ?article WHERE { %s ?claim schema:appearance ?article } }
  ?article schema:identifier ?articleId .
  OPTIONAL { ?article cg:loadedFrom ?loadedFrom }
  OPTIONAL { ?article schema:publisher ?outlet OPTIONAL { ?outlet skos:prefLabel ?outletLabel } }
  OPTIONAL { ?article schema:datePublished ?published }
  OPTIONAL { ?article schema:headline ?headline }
}"""

# A claim's parts in one query, a branch each: its chain's hops, its figures, its places (rows of one
# branch leave the others' variables unbound). The VALUES block goes inside each branch, so that each
# starts from the claims; and one triple per OPTIONAL: Oxigraph evaluates a multi-triple OPTIONAL on
# its own before joining (85 ms instead of 0.3 ms for 50 claims on FA-KES).
_PARTS = PREFIX + """
SELECT ?claim (STR(?at) AS ?position) ?agent ?label ?name ?figure (STR(?n) AS ?count) ?qualifier ?category ?victims
       (STR(?low) AS ?min) (STR(?high) AS ?max) (STR(?fb) AS ?fbegin) (STR(?fe) AS ?fend) ?place ?placeLabel WHERE {
  { %(block)s ?claim cg:hop ?hop . ?hop cg:position ?at ; cg:agent ?agent .
    OPTIONAL { ?agent skos:prefLabel ?label } OPTIONAL { ?hop nif:anchorOf ?name } }
  UNION
  { %(block)s ?claim cg:figure ?figure . ?figure cg:count ?n ; cg:qualifier ?qualifier ; cg:category ?category ;
      cg:victims ?victims ; cg:minValue ?low .
    OPTIONAL { ?figure cg:maxValue ?high }
    OPTIONAL { ?figure nif:beginIndex ?fb } OPTIONAL { ?figure nif:endIndex ?fe } }
  UNION
  { %(block)s ?claim cg:place ?place . OPTIONAL { ?place skos:prefLabel ?placeLabel } }
}"""

# Each sort as an order of articles (a claim's place in it, then its offset in the article): the page is
# found from the articles' claim counts, which add up to the total. Sorting every claim in scope took
# 92 ms and counting them 47 ms with no filter on FA-KES, against 34 ms for the articles' counts.
SORTS = {"article": "?articleId", "published": "?published ?articleId", "-published": "DESC(?published) ?articleId"}


@dataclass(frozen=True, slots=True)
class ClaimFilters:
    """Filters of `/claims` and a source's page: the scope every reader shares (`kg.views.scope`:
    dates, place, event type, outlet, source, via), and what only claims have; every value is bound
    as an RDF term, never pasted into the query."""

    scope: Filters = Filters()
    incident: str | None = None
    has_figure: bool | None = None
    hedged: bool | None = None
    quote: str | None = None
    sort: str = "article"


def _filter_query(store: Store, iris: Iris, f: ClaimFilters) -> tuple[str, dict[str, Node]]:
    """WHERE fragments and the bindings they use."""
    parts = [scope_pattern(resolve(store, iris, f.scope), bind_all=False),
             "?claim cg:hedged ?hedged ; cg:quoteType ?quote ."]
    bound: dict[str, Node] = {}
    if f.incident:
        parts.append("?claim cg:about ?aboutIncident .")
        bound["aboutIncident"] = iris.key(f"incident/{f.incident}")
    if f.has_figure is not None:
        parts.append(("FILTER EXISTS" if f.has_figure else "FILTER NOT EXISTS") + " { ?claim cg:figure ?anyFigure }")
    if f.hedged is not None:
        bound["hedged"] = Literal(f.hedged)
    if f.quote:
        if f.quote not in QUOTE_TYPES:
            raise ParameterError(f"quote must be one of {', '.join(QUOTE_TYPES)}")
        bound["quote"] = Literal(f.quote)
    return "\n".join(parts), bound


def list_claims(store: Store, iris: Iris, filters: ClaimFilters, page: Page) -> dict[str, Any]:
    """One page of the claims matching `filters`, with the total count (five queries in three rounds: the
    claims of each article in scope counted, in the order of the sort; the claims of the articles the page
    falls in; their records)."""
    if filters.sort not in SORTS:
        raise ParameterError(f"sort must be one of {', '.join(SORTS)}")
    where, bound = _filter_query(store, iris, filters)
    inline = " ".join(values(name, [value]) for name, value in bound.items())  # a subquery sees no outer VALUES
    [counted] = store.select_text([(PREFIX + f"""SELECT ?article ?n WHERE {{
      {{ SELECT ?article (COUNT(DISTINCT ?claim) AS ?n) WHERE {{ {inline} {where} }} GROUP BY ?article }}
      ?article schema:identifier ?articleId . OPTIONAL {{ ?article schema:datePublished ?published }} }}
      ORDER BY {SORTS[filters.sort]}""", None)])
    chosen: list[Node] = []  # the articles holding the page's claims
    skip = seen = 0  # claims of the first chosen article before the page; claims of the articles so far
    for row in counted:
        count = int(row["n"])
        if seen + count > page.offset and seen < page.offset + page.limit:
            skip = skip if chosen else page.offset - seen
            chosen.append(URIRef(row["article"]))
        seen += count
    claims: list[URIRef] = []
    if chosen:
        rank = {str(article): i for i, article in enumerate(chosen)}
        [found] = store.select_text([(PREFIX + f"""SELECT DISTINCT ?article ?claim ?begin WHERE {{
          {values("article", chosen)} {inline} {where} ?claim nif:beginIndex ?begin }}""", None)])
        found.sort(key=lambda r: (rank[str(r["article"])], int(r["begin"]), str(r["claim"])))
        claims = [URIRef(str(r["claim"])) for r in found][skip:skip + page.limit]
    return {"total": seen, "limit": page.limit, "offset": page.offset, "items": claim_records(store, iris, claims)}


def claim_detail(store: Store, iris: Iris, claim_id: str) -> dict[str, Any]:
    records = claim_records(store, iris, [iris.claim(claim_id)])
    if not records:
        raise NotFound(f"no claim {claim_id!r} (ids look like <article id>/<begin>-<end>)")
    return records[0]


def incident_order(claim: dict[str, Any]) -> tuple[bool, str, str, int]:
    """The order of an incident's claims on its pages: by publication (undated articles first, where
    SPARQL's ORDER BY puts an unbound value), then by article id and offset."""
    return claim["published"] is not None, claim["published"] or "", claim["article"], claim["begin"]


def claim_records(store: Store, iris: Iris, claims: list[URIRef]) -> list[dict[str, Any]]:
    """Full records of the given claims, in the given order: chain, figures, places, anchor, article
    (three queries at once, whatever the number of claims)."""
    if not claims:
        return []
    records = records_from(iris, *store.select_text(claim_queries(values("claim", list(claims)))))
    return [records[str(c)] for c in claims if str(c) in records]


def claim_queries(claims: str) -> list[Query]:
    """The three queries of claims' records (`records_from` reads their rows): `claims` is a WHERE fragment
    binding ?claim, a VALUES block or a pattern ("?claim cg:about <incident> .")."""
    return [(_PARTS % {"block": claims}, None), (_RECORDS % claims, None), (_ARTICLES % claims, None)]


def records_from(iris: Iris, parts: list[TextRow], rows: list[TextRow],
                 article_rows: list[TextRow]) -> dict[str, dict[str, Any]]:
    """The records in the rows of `claim_queries`, by claim IRI: chain, figures, places, anchor, article
    (a claim whose article has no id is left out)."""
    articles = {row["article"]: row for row in article_rows}
    chains: dict[str, list[dict[str, Any]]] = defaultdict(list)
    figures: dict[str, list[dict[str, Any]]] = defaultdict(list)
    places: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in parts:
        claim = str(row["claim"])
        if "agent" in row:
            chains[claim].append({"position": int(row["position"]), "agent": key_id(iris, row["agent"]),
                                  "label": text(row, "label") or key_id(iris, row["agent"]),
                                  "as_written": text(row, "name")})
        elif "figure" in row:
            figures[claim].append({
                "figure": str(row["figure"]), "count": int(row["count"]), "qualifier": str(row["qualifier"]),
                "category": str(row["category"]), "victims": str(row["victims"]), "min": int(row["min"]),
                "max": integer(row, "max"), "begin": integer(row, "fbegin"), "end": integer(row, "fend")})
        elif "place" in row:
            places[claim].append({"id": key_id(iris, row["place"]),
                                  "label": text(row, "placeLabel") or key_id(iris, row["place"])})
    records: dict[str, dict[str, Any]] = {}
    for row in rows:
        iri = str(row["claim"])
        article = articles.get(row["article"])
        if iri in records or article is None:
            continue
        chain = sorted(chains[iri], key=lambda hop: hop["position"])
        records[iri] = {
            "id": local_id(iris, iri, "claim"), "iri": iri, "text": str(row["text"]),
            "begin": int(row["begin"]), "end": int(row["end"]),
            "article": article["articleId"], "article_iri": row["article"],
            "published": text(article, "published"), "headline": text(article, "headline"),
            "outlet": key_id(iris, article["outlet"]) if "outlet" in article else None,
            "outlet_label": text(article, "outletLabel"), "loaded_from": text(article, "loadedFrom"),
            # the own voice of an article whose outlet is not given has no source agent
            "source": key_id(iris, row["source"]) if "source" in row else None,
            "source_iri": text(row, "source"),
            "source_label": (text(row, "sourceLabel") or key_id(iris, row["source"])) if "source" in row
            else NO_OUTLET_VOICE,
            "own_voice": boolean(row, "own"),
            "chain": chain, "via": [hop["label"] for hop in chain if hop["position"] > 0],
            "cue": text(row, "cue"), "quote": str(row["quote"]), "hedged": boolean(row, "hedged"),
            "event_type": tail(row.get("type")), "date": text(row, "date"),
            "date_range": [str(row["dateBegin"]), str(row["dateEnd"])] if "dateBegin" in row else None,
            "actor": text(row, "actor"),
            "incident": local_id(iris, row["incident"], "incident") if "incident" in row else None,
            "places": places[iri], "figures": sorted(figures[iri], key=lambda f: f["figure"]),
        }
    return records
