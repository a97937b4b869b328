"""The HTTP API: a FastAPI app over a store, built by `create_app(config)`."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from kg.errors import KGError, NotFound, QueryError
from kg.rdf.store import Store, open_store
from kg.rdf.vocab import Iris
from kg.settings import Config, load_config
from kg.views import incident_claims, list_incidents


def create_app(config: Config | None = None, store: Store | None = None) -> FastAPI:
    config = config or load_config()
    store = store or open_store(config)
    iris = Iris(config.base)
    app = FastAPI(title="claimgraph", version="0.1.0",
                  description="Attributed claims from conflict reporting: SPARQL and REST.")

    @app.exception_handler(KGError)
    async def kg_error(request: Request, exc: KGError) -> JSONResponse:
        status = 404 if isinstance(exc, NotFound) else 400 if isinstance(exc, QueryError) else 500
        return JSONResponse({"type": "about:blank", "title": type(exc).__name__, "status": status,
                             "detail": str(exc)}, status_code=status, media_type="application/problem+json")

    @app.get("/health")
    def health() -> dict[str, object]:
        return {"status": "ok", "quads": len(store)}

    async def _sparql(query: str | None) -> Response:
        from kg.rdf.results import render_graph, render_rows

        if not query:
            raise QueryError("no query given")
        result = store.query(query)
        if result.kind == "select":
            return Response(render_rows(result.variables, result.rows, "json"),
                            media_type="application/sparql-results+json")
        if result.kind == "ask":
            return JSONResponse({"head": {}, "boolean": result.boolean},
                                media_type="application/sparql-results+json")
        assert result.graph is not None
        return Response(render_graph(result.graph, "turtle"), media_type="text/turtle")

    @app.get("/sparql")
    async def sparql_get(query: str | None = None) -> Response:
        return await _sparql(query)

    @app.post("/sparql")
    async def sparql_post(request: Request) -> Response:
        content_type = request.headers.get("content-type", "").split(";")[0]
        if content_type == "application/sparql-query":
            return await _sparql((await request.body()).decode("utf-8"))
        form = await request.form()
        query = form.get("query")
        return await _sparql(query if isinstance(query, str) else None)

    @app.get("/incidents")
    def incidents() -> list[dict[str, object]]:
        return list_incidents(store, iris)

    @app.get("/incidents/{incident_id:path}/claims")
    def claims_of_incident(incident_id: str) -> dict[str, object]:
        return incident_claims(store, iris, incident_id)

    return app
