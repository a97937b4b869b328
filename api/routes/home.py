"""/: the front door — what the store holds, a search over incidents, where to go next."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.context import ApiContext
from api.examples import ERRORS
from api.models import FrontPage, json_ok
from api.render import render
from kg.views.home import store_overview


def router(ctx: ApiContext) -> APIRouter:
    api = APIRouter(tags=["home"])

    @api.get("/", name="home", summary="What the store holds, and a search over its incidents",
             responses={**json_ok(FrontPage, html=True), **ERRORS})
    def home(request: Request) -> Response:
        return render(ctx, request, store_overview(ctx.store, ctx.iris), "home.html")

    return api
