"""/sources: the agents that said or relayed claims; one source's record."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.context import ApiContext
from api.examples import ERRORS, LIST_EXAMPLE, SOURCE_EXAMPLE, ok
from api.render import render
from kg.views import Page, list_sources, source_detail


def router(ctx: ApiContext) -> APIRouter:
    api = APIRouter(tags=["sources"])

    @api.get("/sources", name="sources_list", summary="Sources, most claims first",
             responses={**ok(LIST_EXAMPLE, html=True), **ERRORS})
    def sources_list(request: Request, limit: int = Query(50, ge=1, le=500),
                     offset: int = Query(0, ge=0)) -> Response:
        return render(ctx, request, list_sources(ctx.store, ctx.iris, Page(limit, offset)), "sources.html")

    @api.get("/sources/{source_id:path}", name="source_get",
             summary="What a source said, about which incidents, through whom, and its disagreements",
             responses={**ok(SOURCE_EXAMPLE, html=True), **ERRORS})
    def source_get(request: Request, source_id: str) -> Response:
        return render(ctx, request, source_detail(ctx.store, ctx.iris, source_id), "source.html")

    return api
