"""Articles: the list, one article with its claims and their spans, and ingest over HTTP."""

from __future__ import annotations

from typing import Any

from rdflib import URIRef

from kg.errors import NotFound
from kg.rdf.store import Query, Store, TextRow
from kg.rdf.vocab import Iris
from kg.views.claims import claim_records
from kg.views.common import PREFIX, Page, key_id, text, values

# The page's articles are chosen first, then only theirs are described and their claims counted (counting
# every article's claims before the LIMIT took 45 ms of the front page on FA-KES).
_LIST = PREFIX + """
SELECT ?article ?id ?published ?headline ?outlet ?outletLabel (COUNT(?claim) AS ?claims) WHERE {
  { SELECT ?article ?id ?published WHERE { ?article a schema:NewsArticle ; schema:identifier ?id .
      OPTIONAL { ?article schema:datePublished ?published } } ORDER BY %(order)s LIMIT %(limit)d OFFSET %(offset)d }
  OPTIONAL { ?article schema:headline ?headline }
  OPTIONAL { ?article schema:publisher ?outlet OPTIONAL { ?outlet skos:prefLabel ?outletLabel } }
  OPTIONAL { ?article cg:hasClaim ?claim }
} GROUP BY ?article ?id ?published ?headline ?outlet ?outletLabel ORDER BY %(order)s"""


def _summary(iris: Iris, row: dict[str, Any]) -> dict[str, Any]:
    return {"id": str(row["id"]), "iri": str(row["article"]), "published": text(row, "published"),
            "headline": text(row, "headline"), "outlet": key_id(iris, row["outlet"]) if "outlet" in row else None,
            "outlet_label": text(row, "outletLabel")}


def list_articles(store: Store, iris: Iris, page: Page | None = None) -> dict[str, Any]:
    page = page or Page()
    total, rows = store.select_text([
        (PREFIX + "SELECT (COUNT(?a) AS ?n) WHERE { ?a a schema:NewsArticle }", None),
        (_LIST % {"order": "?published ?id", "limit": page.limit, "offset": page.offset}, None)])
    return {"total": int(total[0]["n"]) if total else 0, "limit": page.limit, "offset": page.offset,
            "items": articles_from(iris, rows)}


def latest_articles_query(count: int) -> Query:
    """The query of the `count` articles published last (undated ones after every dated one); `articles_from`
    reads its rows."""
    return _LIST % {"order": "(!BOUND(?published)) DESC(?published) ?id", "limit": count, "offset": 0}, None


def articles_from(iris: Iris, rows: list[TextRow]) -> list[dict[str, Any]]:
    """The articles in the rows of `_LIST`, each with how many claims it has."""
    return [{**_summary(iris, r), "claims": int(r["claims"])} for r in rows]


def article_texts(store: Store, iris: Iris, article_ids: list[str]) -> dict[str, str]:
    """The stored text of each article, by id, in one query (what a page needs to show claims in
    the words around them); an article without a stored text is absent."""
    if not article_ids:
        return {}
    [rows] = store.select_text([(PREFIX + f"""SELECT ?id ?body WHERE {{
      {values("article", [iris.article(a) for a in sorted(set(article_ids))])}
      ?article schema:identifier ?id ; schema:text ?body }}""", None)])
    return {str(r["id"]): str(r["body"]) for r in rows}


def article_detail(store: Store, iris: Iris, article_id: str) -> dict[str, Any]:
    """The article, its text, and its claims with their spans (offsets into the text)."""
    article = iris.article(article_id)
    [rows] = store.select_text([(PREFIX + """
      SELECT ?article ?id ?published ?headline ?outlet ?outletLabel ?url ?body ?loadedFrom WHERE {
      ?article a schema:NewsArticle ; schema:identifier ?id . OPTIONAL { ?article cg:loadedFrom ?loadedFrom }
      OPTIONAL { ?article schema:datePublished ?published } OPTIONAL { ?article schema:headline ?headline }
      OPTIONAL { ?article schema:url ?url } OPTIONAL { ?article schema:text ?body }
      OPTIONAL { ?article schema:publisher ?outlet OPTIONAL { ?outlet skos:prefLabel ?outletLabel } } }""",
                                  {"article": article})])
    if not rows:
        raise NotFound(f"no article {article_id!r}")
    claims = [URIRef(str(r["claim"])) for r in store.select(
        PREFIX + "SELECT ?claim WHERE { ?article cg:hasClaim ?claim . ?claim nif:beginIndex ?b } ORDER BY ?b",
        {"article": article})]
    row = rows[0]
    # without an outlet, what tells the article apart: its title, URL or the file it came from
    return {**_summary(iris, row), "url": text(row, "url"), "loaded_from": text(row, "loadedFrom"),
            "text": text(row, "body"),
            "graph": str(iris.article_graph(article_id)), "items": claim_records(store, iris, claims)}
