"""/sources: the agents that said or relayed claims; one source's record; /compare: sources side by side."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.context import ApiContext
from api.examples import COMPARE_EXAMPLE, ERRORS, SOURCE_EXAMPLE, SOURCES_EXAMPLE
from api.models import Comparison, Source, SourcePage, json_ok
from api.render import render
from kg.views import Page, list_sources, source_detail
from kg.views.compare import compare_sources, parse_sources


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
