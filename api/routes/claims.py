"""/claims: every attributed claim, filtered; one claim with its chain, figures and anchor."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.context import ApiContext
from api.examples import CLAIM_EXAMPLE, ERRORS, LIST_EXAMPLE
from api.models import Claim, ClaimPage, json_ok
from api.render import render
from kg.views import ClaimFilters, Page, article_texts, claim_detail, list_claims
from kg.views.scope import parse_filters


def router(ctx: ApiContext) -> APIRouter:
    api = APIRouter(tags=["claims"])

    @api.get("/claims", name="claims_list", summary="Claims, filtered and paged",
             responses={**json_ok(ClaimPage, LIST_EXAMPLE, html=True), **ERRORS})
    def claims_list(
        request: Request,
        source: str | None = Query(None, description="Original source: id (agent/sohr), IRI or name (every "
                                                     "agent of that name)"),
        via: str | None = Query(None, description="An intermediary in the chain, the same way"),
        outlet: str | None = Query(None, description="The publishing outlet, the same way"),
        incident: str | None = Query(None, description="Incident id"),
        place: str | None = Query(None, description="A place (id, IRI or name): claims about it or a place inside "
                                                    "it (their own places or their incident's)"),
        date_from: str | None = Query(None, description="First day (YYYY-MM-DD): claims whose date (a day, month, "
                                                        "year or range; else their article's) reaches it"),
        date_to: str | None = Query(None, description="Last day (YYYY-MM-DD), the same way"),
        event_type: str | None = Query(None, description="Event type, e.g. airstrike: the claim's or its incident's"),
        has_figure: bool | None = Query(None, description="Only claims that state a number (or none)"),
        hedged: bool | None = Query(None, description="Only hedged claims (or only unhedged)"),
        quote: str | None = Query(None, description="direct, mixed, indirect or none"),
        sort: str = Query("article", description="article, published, -published"),
        limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0),
    ) -> Response:
        scope = parse_filters(since=date_from, until=date_to, place=place, event_type=event_type, outlet=outlet,
                              source=source, via=via, names=("date_from", "date_to"))
        filters = ClaimFilters(scope, incident, has_figure, hedged, quote, sort)
        return render(ctx, request, list_claims(ctx.store, ctx.iris, filters, Page(limit, offset)), "claims.html")

    @api.get("/claims/{claim_id:path}", name="claim_get", summary="One claim",
             responses={**json_ok(Claim, CLAIM_EXAMPLE, html=True), **ERRORS})
    def claim_get(request: Request, claim_id: str) -> Response:
        data = claim_detail(ctx.store, ctx.iris, claim_id)
        return render(ctx, request, data, "claim.html",
                      lambda: {"text": article_texts(ctx.store, ctx.iris, [data["article"]]).get(data["article"])})

    return api
