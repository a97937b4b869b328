"""/incidents: the list, one incident's summary, and "show me all claims about this incident"."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.context import ApiContext
from api.examples import ERRORS, INCIDENT_CLAIMS_EXAMPLE, INCIDENT_EXAMPLE, INCIDENTS_EXAMPLE
from api.models import Incident, IncidentClaims, IncidentPage, json_ok
from api.render import render
from kg.views import IncidentFilters, Page, article_texts, incident_claims, incident_summary, list_incidents
from kg.views.locator_map import locator_map
from kg.views.scope import parse_filters


def router(ctx: ApiContext) -> APIRouter:
    api = APIRouter(tags=["incidents"])

    @api.get("/incidents", name="incidents_list", summary="Incidents, filtered, sorted and paged",
             responses={**json_ok(IncidentPage, INCIDENTS_EXAMPLE, html=True), **ERRORS})
    def incidents_list(
        request: Request,
        place: str | None = Query(None, description="A place id, IRI or name; places inside it count too"),
        date_from: str | None = Query(None, description="First day (YYYY-MM-DD): incidents whose days reach it"),
        date_to: str | None = Query(None, description="Last day (YYYY-MM-DD), the same way"),
        type: str | None = Query(None, description="Event type, e.g. airstrike"),
        actor: str | None = Query(None, description="Text in the actor's name"),
        text: str | None = Query(None, description="Text in any claim about the incident"),
        source: str | None = Query(None, description="The original source of a claim about it (id, IRI or name: "
                                                     "every agent of that name)"),
        via: str | None = Query(None, description="An intermediary of a claim about it, the same way"),
        outlet: str | None = Query(None, description="The outlet of an article about it, the same way"),
        has_conflicts: bool | None = Query(None, description="Only incidents whose figures conflict (or not)"),
        sort: str = Query("-date", description="-date (newest first), date, claims, -claims, "
                          "-sources (most independent sources first, then most articles), id; undated last"),
        limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0),
    ) -> Response:
        scope = parse_filters(since=date_from, until=date_to, place=place, event_type=type, outlet=outlet,
                              source=source, via=via, names=("date_from", "date_to"))
        filters = IncidentFilters(scope, actor, text, has_conflicts, sort)
        return render(ctx, request, list_incidents(ctx.store, ctx.iris, filters, Page(limit, offset)),
                      "incidents.html")

    @api.get("/incidents/{incident_id}", name="incident_page", summary="One incident: where, when, figures, conflicts",
             responses={**json_ok(Incident, INCIDENT_EXAMPLE, html=True), **ERRORS})
    def incident_get(request: Request, incident_id: str) -> Response:
        data = incident_summary(ctx.store, ctx.iris, incident_id)
        return render(ctx, request, data, "incident.html", lambda: {"map": locator_map(data["locations"])})

    @api.get("/incidents/{incident_id}/claims", name="incident_claims",
             summary="All claims about an incident, grouped by original source, paged",
             responses={**json_ok(IncidentClaims, INCIDENT_CLAIMS_EXAMPLE, html=True), **ERRORS})
    def incident_claims_get(request: Request, incident_id: str,
                            limit: int = Query(50, ge=1, le=500, description="Claims per page (`sources`); the "
                                               "summary, the figures and the conflicts cover all its claims"),
                            offset: int = Query(0, ge=0)) -> Response:
        data = incident_claims(ctx.store, ctx.iris, incident_id, Page(limit, offset))
        # the page shows each of its claims inside the words around it
        articles = [c["article"] for g in data["sources"] for c in g["claims"]]
        return render(ctx, request, data, "incident_claims.html",
                      lambda: {"texts": article_texts(ctx.store, ctx.iris, articles)})

    return api
