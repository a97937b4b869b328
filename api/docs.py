"""The API page (`/docs`): Swagger UI from a copy installed with the server, never from a CDN.

The Swagger UI files come from the `fastapi-offline` package (Swagger UI 5, which reads the
OpenAPI 3.1 that FastAPI writes); the page itself is ours, with no inline script or style, so it
runs under the pages' Content-Security-Policy unchanged (headless Chromium reported no violation
while rendering the operations, with a `report-uri` added). When the files are not installed,
`/docs` is not served at all (404) and the pages link `/openapi.json` instead; ReDoc (`/redoc`) is
never served, as FastAPI's would load from a CDN.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

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
