"""/queries: the named queries of `queries/`, listed and run with parameters bound safely."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.context import ApiContext
from api.examples import ERRORS, QUERIES_EXAMPLE
from api.models import NamedQueries, json_ok
from api.negotiation import sparql_format
from api.problems import NotAcceptable
from api.render import render
from api.sparql import RESPONSES, answer_response

RESERVED = ("format",)


def router(ctx: ApiContext) -> APIRouter:
    api = APIRouter(tags=["named queries"])

    @api.get("/queries", name="queries_list", summary="The named queries, their descriptions and parameters",
             responses={**json_ok(NamedQueries, QUERIES_EXAMPLE, html=True), **ERRORS})
    def queries_list(request: Request) -> Response:
        return render(ctx, request, {"items": [q.as_dict() for q in ctx.catalog]}, "queries.html")

    @api.get("/queries/{name}", name="query_run", responses=RESPONSES,
             summary="Run a named query; its parameters come from the query string (bound, never pasted)")
    def query_run(request: Request, name: str) -> Response:
        params = {k: v for k, v in request.query_params.items() if k not in RESERVED}
        text = ctx.catalog.bound(name, params, ctx.iris)
        form = ctx.runner.form(text)
        fmt = sparql_format(form, request.headers.get("accept"), request.query_params.getlist("format"))
        if fmt is None:
            raise NotAcceptable("named query results are available as SPARQL JSON, XML, CSV or TSV "
                                "(graphs as Turtle, N-Triples, JSON-LD or RDF/XML)")
        return answer_response(ctx.runner.run(text, fmt=fmt), fmt, ctx.runner.max_rows)

    return api
