"""The API page (`/docs`): Swagger UI from a copy installed with the server, never from a CDN.

The Swagger UI files come from the `fastapi-offline` package (Swagger UI 5, which reads the
OpenAPI 3.1 that FastAPI writes); the page itself is ours, with no inline script or style, so it
runs under the pages' Content-Security-Policy unchanged (headless Chromium reported no violation
while rendering the operations, with a `report-uri` added). When the files are not installed,
`/docs` is not served at all (404) and the pages link `/openapi.json` instead; ReDoc (`/redoc`) is
never served, as FastAPI's would load from a CDN.

`/openapi.json` publishes the examples exactly as the routes declare them: FastAPI writes the
document with `exclude_none`, which would drop every null value from them (`"max": null`), so that
an example as published would lack keys its schema requires; `keep_declared_examples` puts them back.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.routing import BaseRoute

NEEDED = ("swagger-ui-bundle.js", "swagger-ui.css", "favicon.png")


def swagger_assets() -> Path | None:
    """The folder of the installed Swagger UI files, or None when they are not installed."""
    try:
        import fastapi_offline
    except ImportError:
        return None
    folder = Path(fastapi_offline.__file__).resolve().parent / "static"
    return folder if all((folder / name).is_file() for name in NEEDED) else None


def install_docs(app: FastAPI, templates: Jinja2Templates, assets: Path | None) -> str | None:
    """Serve `/docs` from `assets`; the URL of the API page for the pages' links (None: no page)."""
    if assets is None:
        return None
    app.mount("/docs/assets", StaticFiles(directory=str(assets)), name="docs_assets")

    @app.get("/docs", include_in_schema=False, name="docs")
    def docs(request: Request) -> Response:
        openapi_url = request.scope.get("root_path", "") + str(app.openapi_url)
        return templates.TemplateResponse(request, "docs.html", {"openapi_url": openapi_url})

    return "/docs"


EXAMPLE_KEYS = ("example", "examples")


def keep_declared_examples(app: FastAPI) -> None:
    """Serve `/openapi.json` with the examples of every route as declared, null values included.

    The document is still built and cached by FastAPI (`FastAPI.openapi`, built again only when the
    routes change); the declared examples are written into each document it builds, once."""
    build = app.openapi
    restored: dict[str, Any] | None = None

    def openapi() -> dict[str, Any]:
        nonlocal restored
        document = build()
        if document is not restored:
            put_back_examples(document, app.routes)
            restored = document
        return document

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to change the document


def put_back_examples(document: dict[str, Any], routes: list[BaseRoute]) -> None:
    """Write each route's declared examples (its responses' and its request body's, from
    `openapi_extra`) into the operations of `document` that publish them. The routes are walked as
    `get_openapi` walks them: those of included routers too, with their paths as published."""
    for route in iter_route_contexts(routes):
        if not isinstance(route.original_route, APIRoute) or not route.include_in_schema:
            continue
        for method in route.methods or ():
            operation = document["paths"][route.path_format][method.lower()]
            for status, response in route.responses.items():
                _put_back(response.get("content", {}), operation["responses"][str(status)].get("content", {}))
            declared_body = (route.openapi_extra or {}).get("requestBody", {})
            _put_back(declared_body.get("content", {}), operation.get("requestBody", {}).get("content", {}))


def _put_back(declared: dict[str, Any], published: dict[str, Any]) -> None:
    """Copy the examples of each media type in `declared` (a `content` map) into `published`."""
    for media_type, media in declared.items():
        for key in EXAMPLE_KEYS:
            if key in media:
                published[media_type][key] = copy.deepcopy(media[key])
