"""/sources: the agents that said or relayed claims; one source's record; /compare: sources side by side."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.context import ApiContext
from api.examples import ERRORS, SOURCE_EXAMPLE, SOURCES_EXAMPLE
from api.models import Comparison, Source, SourcePage, json_ok
from api.render import render
from kg.views import Page, list_sources, source_detail
from kg.views.compare import compare_sources, parse_sources

COMPARE_EXAMPLE = {
    "sources": [{"id": "agent/sohr", "iri": "https://claimgraph.org/id/agent/sohr", "label": "SOHR"},
                {"id": "agent/sana", "iri": "https://claimgraph.org/id/agent/sana", "label": "SANA"}],
    "total": 1, "limit": 20, "offset": 0,
    "items": [{"id": "2018-11-17-al-buqaan", "iri": "https://claimgraph.org/id/incident/2018-11-17-al-buqaan",
               "event_type": "airstrike", "date": "2018-11-17", "places": ["Al-Buqa'an"], "independent_sources": 3,
               "headline": "Airstrike in Al-Buqa'an, 17 Nov 2018: 22 to at least 40 "
               "people killed; 3 independent sources",
               "claims": {"agent/sohr": ["al-masdar-1/0-98"], "agent/sana": ["press-tv-1/0-91"]},
               "measures": [{"category": "killed", "victims": "people", "agreement": "conflict", "by_source": [
                   {"source": "agent/sohr", "figures": [
                       {"claim": "al-masdar-1/0-98", "stated": "22", "count": 22, "qualifier": "exact", "min": 22,
                        "max": 22, "via": [], "article": "al-masdar-1", "begin": 0, "end": 98,
                        "published": "2018-11-18", "outlet_label": "Al-Masdar News"}]},
                   {"source": "agent/sana", "figures": [
                       {"claim": "press-tv-1/0-91", "stated": "at least 40", "count": 40, "qualifier": "at_least",
                        "min": 40, "max": None, "via": [], "article": "press-tv-1", "begin": 0, "end": 91,
                        "published": "2018-11-18", "outlet_label": "Press TV"}]}],
                   "conflicts": [{"category": "killed", "victims": "people", "source": "agent/sohr", "stated": "22",
                                  "claim": "al-masdar-1/0-98", "other_source": "agent/sana",
                                  "other_stated": "at least 40", "other_claim": "press-tv-1/0-91",
                                  "reason": "SOHR says 22 people were killed; SANA "
                                  "says at least 40, more than SOHR's 22 allows"}]}],
               "agreement": "conflict"}]}


def router(ctx: ApiContext) -> APIRouter:
    api = APIRouter(tags=["sources"])

    @api.get("/sources", name="sources_list", summary="Sources, most claims first",
             responses={**json_ok(SourcePage, SOURCES_EXAMPLE, html=True), **ERRORS})
    def sources_list(request: Request, limit: int = Query(50, ge=1, le=500),
                     offset: int = Query(0, ge=0)) -> Response:
        return render(ctx, request, list_sources(ctx.store, ctx.iris, Page(limit, offset)), "sources.html")

    @api.get("/sources/{source_id:path}", name="source_get",
             summary="What a source said, about which incidents, through whom, and its disagreements",
             responses={**json_ok(Source, SOURCE_EXAMPLE, html=True), **ERRORS})
    def source_get(request: Request, source_id: str,
                   limit: int = Query(50, ge=1, le=500, description="Claims per page (`items`); the counts, "
                                      "chains, incidents and disagreements cover all its claims"),
                   offset: int = Query(0, ge=0)) -> Response:
        data = source_detail(ctx.store, ctx.iris, source_id, Page(limit, offset))
        return render(ctx, request, data, "source.html")

    @api.get("/compare", name="compare",
             summary="Sources side by side: their figures on the incidents they all reported, agreeing or not",
             responses={**json_ok(Comparison, COMPARE_EXAMPLE, html=True), **ERRORS})
    def compare(
        request: Request,
        sources: Annotated[list[str] | None, Query(description="Two or more sources, separated by commas (or "
                                                   "the parameter repeated): ids (agent/sohr), IRIs or names")] = None,
        limit: int = Query(20, ge=1, le=500), offset: int = Query(0, ge=0),
    ) -> Response:
        data = compare_sources(ctx.store, ctx.iris, parse_sources(",".join(sources or [])), Page(limit, offset))
        return render(ctx, request, data, "compare.html")

    return api
