"""The front page's data: what the store holds, the incidents most reported and those whose sources
disagree (from the incident list, read back as stored at linking), and the latest articles."""

from __future__ import annotations

from typing import Any

from kg.rdf.store import Store
from kg.rdf.vocab import CG, SCHEMA, Iris
from kg.views.articles import articles_from, latest_articles_query
from kg.views.common import Page
from kg.views.incidents import IncidentFilters, incident_page_query, items_of

SHOWN = 5  # incidents and articles each list of the front page shows

# One aggregate a branch, each over its own triples: with the dates OPTIONAL beside the articles, MIN and
# MAX came out unbound as soon as one article had no date; only claims are attributed
# (prov:wasAttributedTo), and joining their type as well took 70 ms on FA-KES.
_OVERVIEW = f"""
PREFIX cg: <{CG}>
PREFIX schema: <{SCHEMA}>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?articles ?outlets ?first ?last ?claims ?incidents ?sources WHERE {{
  {{ SELECT (COUNT(DISTINCT ?a) AS ?articles) WHERE {{ ?a a schema:NewsArticle }} }}
  {{ SELECT (COUNT(DISTINCT ?o) AS ?outlets) WHERE {{ ?a a schema:NewsArticle ; schema:publisher ?o }} }}
  {{ SELECT (MIN(?d) AS ?first) (MAX(?d) AS ?last) WHERE {{ ?a a schema:NewsArticle ; schema:datePublished ?d }} }}
  {{ SELECT (COUNT(DISTINCT ?c) AS ?claims) WHERE {{ ?c a cg:Claim }} }}
  {{ SELECT (COUNT(DISTINCT ?i) AS ?incidents) WHERE {{ ?i a cg:Incident }} }}
  {{ SELECT (COUNT(DISTINCT ?s) AS ?sources) WHERE {{ ?c prov:wasAttributedTo ?s }} }}
}}"""


def store_overview(store: Store, iris: Iris) -> dict[str, Any]:
    """Counts of articles, outlets, claims, incidents and original sources, the publication dates' range, the
    incidents with the most independent sources, the newest with conflicting figures, and the latest articles
    (eight queries in two rounds)."""
    overview, most, conflicting, latest = store.select_text([
        (_OVERVIEW, None),
        incident_page_query(store, iris, IncidentFilters(sort="-sources"), Page(SHOWN)),
        incident_page_query(store, iris, IncidentFilters(has_conflicts=True), Page(SHOWN)),
        latest_articles_query(SHOWN)])
    most_reported, in_conflict = items_of(store, iris, [most, conflicting])
    row = overview[0] if overview else {}

    def count(name: str) -> int:
        return int(row[name]) if name in row else 0

    return {
        "articles": count("articles"), "outlets": count("outlets"), "claims": count("claims"),
        "incidents": count("incidents"), "sources": count("sources"),
        "published_from": str(row["first"])[:10] if "first" in row else None,
        "published_to": str(row["last"])[:10] if "last" in row else None,
        "most_reported": most_reported, "in_conflict": in_conflict,
        "latest_articles": articles_from(iris, latest),
    }


__all__ = ["store_overview"]
