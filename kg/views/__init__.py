"""Data for the readers' views, computed from the store; rendering (JSON, JSON-LD, HTML) is the API's.

Each function takes the store and the IRI minter and returns plain JSON-ready data.
"""

from kg.views.articles import article_detail, article_texts, list_articles
from kg.views.claims import ClaimFilters, claim_detail, claim_records, list_claims
from kg.views.common import JSON_CONTEXT, Page
from kg.views.incidents import IncidentFilters, incident_claims, incident_summary, list_incidents
from kg.views.ingest import ingest_items, records_to_articles, upload_to_articles
from kg.views.resources import describe, describe_rows, page_for
from kg.views.service import service_description
from kg.views.sources import list_sources, source_detail

__all__ = [
    "JSON_CONTEXT",
    "ClaimFilters",
    "IncidentFilters",
    "Page",
    "article_detail",
    "article_texts",
    "claim_detail",
    "claim_records",
    "describe",
    "describe_rows",
    "incident_claims",
    "incident_summary",
    "ingest_items",
    "list_articles",
    "list_claims",
    "list_incidents",
    "list_sources",
    "page_for",
    "records_to_articles",
    "service_description",
    "source_detail",
    "upload_to_articles",
]
