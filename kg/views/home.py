"""The front page's data: what the store holds, the incidents most reported and those whose sources
disagree (from the incident list, read back as stored at linking), and the latest articles."""

from __future__ import annotations

from typing import Any

from kg.rdf import terms
from kg.rdf.store import Store
from kg.rdf.vocab import CG, SCHEMA, Iris
from kg.views.articles import latest_articles
from kg.views.common import Page
from kg.views.incidents import IncidentFilters, incident_items

SHOWN = 5  # incidents and articles each list of the front page shows

_OVERVIEW = f"""
PREFIX cg: <{CG}>
PREFIX schema: <{SCHEMA}>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?articles ?outlets ?first ?last ?claims ?incidents ?sources WHERE {{
  {{ SELECT (COUNT(DISTINCT ?a) AS ?articles) (COUNT(DISTINCT ?o) AS ?outlets) (MIN(?d) AS ?first) (MAX(?d) AS ?last)
     WHERE {{ ?a a schema:NewsArticle . OPTIONAL {{ ?a schema:publisher ?o }}
              OPTIONAL {{ ?a schema:datePublished ?d }} }} }}
  {{ SELECT (COUNT(?c) AS ?claims) WHERE {{ ?c a cg:Claim }} }}
  {{ SELECT (COUNT(DISTINCT ?i) AS ?incidents) WHERE {{ ?i a cg:Incident }} }}
  {{ SELECT (COUNT(DISTINCT ?s) AS ?sources) WHERE {{ ?c a cg:Claim ; prov:wasAttributedTo ?s }} }}
}}"""


def store_overview(store: Store, iris: Iris) -> dict[str, Any]:
    """Counts of articles, outlets, claims, incidents and original sources, the publication dates' range, the
    incidents with the most independent sources, the newest with conflicting figures, and the latest articles."""
    rows = store.select(_OVERVIEW)
    row = rows[0] if rows else {}

    def count(name: str) -> int:
        return terms.integer(row[name]) if name in row else 0

    return {
        "articles": count("articles"), "outlets": count("outlets"), "claims": count("claims"),
        "incidents": count("incidents"), "sources": count("sources"),
        "published_from": str(row["first"])[:10] if "first" in row else None,
        "published_to": str(row["last"])[:10] if "last" in row else None,
        "most_reported": incident_items(store, iris, IncidentFilters(sort="-sources"), Page(SHOWN)),
        "in_conflict": incident_items(store, iris, IncidentFilters(has_conflicts=True), Page(SHOWN)),
        "latest_articles": latest_articles(store, iris, SHOWN),
    }


__all__ = ["store_overview"]
