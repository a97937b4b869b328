"""The HTTP API: `create_app(config, store)` builds a FastAPI app over a store.

Routers receive the API context through their constructors; nothing here reads the environment
except `load_config()` when no configuration is given.
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from api import problems
from api.context import HERE, build_context
from api.docs import install_docs, keep_declared_examples, swagger_assets
from api.export import export_router
from api.page_cache import PageCache
from api.routes import articles, claims, home, incidents, jobs, named_queries, resources, sources
from api.security import SecurityHeaders
from api.sparql import SparqlRouter
from kg import __version__
from kg.rdf.evaluator import IsolatedStore, open_serving
from kg.rdf.store import Store
from kg.settings import Config, load_config

DESCRIPTION = """Attributed claims from conflict reporting, as a knowledge graph.

* **SPARQL 1.1 Protocol** at `/sparql` (read-only; JSON, XML, CSV, TSV; Turtle, N-Triples, JSON-LD, RDF/XML).
* **REST** resources for fact-checkers: incidents, claims, sources, articles, named queries.
* Every IRI under the configured base dereferences under `/id/...` (JSON-LD, Turtle, HTML).

Errors are `application/problem+json` (RFC 9457).
"""


class TrailingSlash:
    """Serve `/claims/` as `/claims` (every path with and without its trailing slash)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path = scope["path"]
            if len(path) > 1 and path.endswith("/"):
                scope = dict(scope, path=path.rstrip("/") or "/")
        await self.app(scope, receive, send)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """When the server starts, what it loaded is set aside from garbage collection (`gc.freeze`: the
    collector's full passes over it stopped requests for up to 70 ms, the slowest twentieth of the
    largest pages on FA-KES); when it stops, the context closes (ingest jobs end)."""
    gc.collect()
    gc.freeze()
    yield
    await run_in_threadpool(app.state.ctx.close)


def create_app(config: Config | None = None, store: Store | None = None,
               pipeline: Callable[[], tuple[Any, Any]] | None = None) -> FastAPI:
    """The app over `store` (default: the one `config` names); `pipeline` loads the extractor and
    resolvers for POST /articles (default: the configured ones, loaded on first use)."""
    config = config or load_config()
    # an empty store is falsy; a served store is read in killable processes (kg.rdf.evaluator)
    store = store if store is not None else open_serving(config)
    ctx = build_context(config, store, pipeline)
    app = FastAPI(title="claimgraph", version=__version__, description=DESCRIPTION, redirect_slashes=False,
                  docs_url=None, redoc_url=None, swagger_ui_oauth2_redirect_url=None, lifespan=lifespan)
    app.state.ctx = ctx
    keep_declared_examples(app)  # /openapi.json keeps the null values of the examples
    docs_url = install_docs(app, ctx.templates, swagger_assets())
    ctx.templates.env.globals["docs_url"] = docs_url or app.openapi_url
    problems.install(app)
    app.include_router(SparqlRouter(ctx))
    for module in (home, incidents, claims, sources, articles, jobs, named_queries, resources):
        app.include_router(module.router(ctx))
    app.include_router(export_router(ctx.store, ctx.iris))
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.get("/health", tags=["service"], summary="Liveness and store size")
    def health() -> dict[str, object]:
        return {"status": "ok", "quads": len(store)}

    if isinstance(store, IsolatedStore) and store.cache.max_rows > 0:  # its writes retire kept pages
        app.add_middleware(PageCache, answers=store.cache, max_bytes=config.page_cache_bytes)
    if config.cors_origins:  # off unless origins are configured (KG_CORS_ORIGINS)
        app.add_middleware(CORSMiddleware, allow_origins=list(config.cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Accept", "Authorization", "Content-Type"],
                           expose_headers=["Location", "Retry-After", "X-Results-Truncated"])
    app.add_middleware(TrailingSlash)
    app.add_middleware(SecurityHeaders)
    return app
