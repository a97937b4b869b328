"""Errors as RFC 9457 problem details (`application/problem+json`), from one place.

Domain errors (`kg.errors`) map to statuses here; validation errors name the parameter; anything
unexpected becomes a 500 with a generic detail (the traceback goes to the log, never the client).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from api.negotiation import resource_format
from kg.errors import (
    AnswerTooLarge,
    BadRequestBody,
    IngestBusy,
    IngestError,
    KGError,
    LimitExceeded,
    NotAuthorized,
    NotFound,
    ParameterError,
    QueryBusy,
    QueryError,
    QueryRefused,
    QueryTimeout,
    QueryTooLarge,
    RequestTooLarge,
    UnsupportedUpload,
)

PROBLEM_MEDIA = "application/problem+json"
PROBLEM_BASE = "https://claimgraph.org/problems/"
log = logging.getLogger("claimgraph.api")

# Most specific first: the first class an error is an instance of decides.
_STATUS: tuple[tuple[type[KGError], int, str], ...] = (
    (NotFound, 404, "not-found"),
    (QueryTimeout, 503, "query-timeout"),
    (QueryBusy, 503, "query-busy"),
    (QueryRefused, 403, "query-refused"),
    (QueryTooLarge, 400, "query-too-large"),
    (AnswerTooLarge, 400, "answer-too-large"),
    (QueryError, 400, "bad-query"),
    (ParameterError, 400, "bad-parameter"),
    (NotAuthorized, 401, "not-authorized"),
    (RequestTooLarge, 413, "request-too-large"),
    (BadRequestBody, 400, "bad-request-body"),
    (UnsupportedUpload, 415, "unsupported-media-type"),
    (IngestBusy, 503, "ingest-busy"),
    (IngestError, 422, "bad-article"),
)

PROBLEM_SCHEMA: dict[str, Any] = {  # an OpenAPI response object, as FastAPI takes it
    "description": "A problem (RFC 9457)",
    "content": {PROBLEM_MEDIA: {"schema": {
        "type": "object",
        "properties": {"type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
                       "detail": {"type": "string"}, "instance": {"type": "string"}},
        "required": ["type", "title", "status"]}}},
}


class NotAcceptable(Exception):
    """No representation the client accepts can be served."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class UnsupportedMedia(Exception):
    """A request body of a type the endpoint does not take."""

    def __init__(self, content_type: str, accepted: str) -> None:
        super().__init__(content_type)
        self.content_type = content_type
        self.accepted = accepted


def problem(status: int, slug: str, title: str, detail: str, instance: str | None = None,
            headers: dict[str, str] | None = None, extra: dict[str, object] | None = None) -> JSONResponse:
    body: dict[str, object] = {"type": PROBLEM_BASE + slug, "title": title, "status": status, "detail": detail}
    if instance:
        body["instance"] = instance
    body.update(extra or {})
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA, headers=headers)


def _for_client(request: Request, response: JSONResponse) -> Response:
    """The problem as a page when a browser asks for HTML (and not for JSON), else as it is."""
    accept = request.headers.get("accept")
    wants_page = request.query_params.get("format") == "html" or (
        resource_format(accept, ("json", "html")) == "html" and "json" not in (accept or ""))
    templates = getattr(getattr(request.app.state, "ctx", None), "templates", None)
    if not wants_page or templates is None:
        return response
    body = json.loads(bytes(response.body))  # Starlette types the body as bytes or memoryview
    headers = {k: v for k, v in response.headers.items() if k.lower() in ("retry-after", "www-authenticate")}
    return templates.TemplateResponse(request, "error.html", {"problem": body}, status_code=response.status_code,
                                      headers=headers)


def kg_problem(exc: KGError, instance: str | None = None) -> JSONResponse:
    for kind, status, slug in _STATUS:
        if isinstance(exc, kind):
            headers = {"Retry-After": "5"} if isinstance(exc, QueryBusy | IngestBusy) else None
            if isinstance(exc, NotAuthorized):
                headers = {"WWW-Authenticate": 'Bearer realm="claimgraph"'}
            extra = None
            if isinstance(exc, LimitExceeded):  # RFC 9457 extension members: what was exceeded
                extra = {"limit": exc.limit, "value": exc.value, "maximum": exc.maximum, "setting": exc.setting}
            return problem(status, slug, type(exc).__name__, str(exc), instance, headers, extra)
    log.error("store or pipeline failure: %s", exc)
    return problem(500, "server-error", type(exc).__name__, str(exc), instance)


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into a problem response."""

    @app.exception_handler(KGError)
    async def on_kg_error(request: Request, exc: KGError) -> Response:
        return _for_client(request, kg_problem(exc, request.url.path))

    @app.exception_handler(NotAcceptable)
    async def on_not_acceptable(request: Request, exc: NotAcceptable) -> Response:
        return problem(406, "not-acceptable", "Not Acceptable", exc.detail, request.url.path)

    @app.exception_handler(UnsupportedMedia)
    async def on_unsupported(request: Request, exc: UnsupportedMedia) -> Response:
        detail = f"a body of type {exc.content_type or '(none)'!r} is not accepted here; send {exc.accepted}"
        return _for_client(request, problem(415, "unsupported-media-type", "Unsupported Media Type", detail,
                                            request.url.path))

    @app.exception_handler(RequestValidationError)
    async def on_invalid(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for error in exc.errors():
            where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "body", "path"))
            parts.append(f"{where or 'request'}: {error.get('msg', 'invalid')}")
        return _for_client(request, problem(400, "bad-parameter", "Bad Request", "; ".join(parts),
                                            request.url.path))

    @app.exception_handler(HTTPException)
    async def on_http(request: Request, exc: HTTPException) -> Response:
        slug = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http-error")
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"nothing at {request.url.path}"
        return _for_client(request, problem(exc.status_code, slug, "HTTP error", detail, request.url.path,
                                            dict(exc.headers) if exc.headers else None))

    @app.exception_handler(Exception)
    async def on_unexpected(request: Request, exc: Exception) -> Response:
        from api.security import add_security_headers

        log.exception("unexpected error on %s", request.url.path)
        response = _for_client(request, problem(500, "server-error", "Internal Server Error",
                               "the server failed to answer this request; the error was logged", request.url.path))
        add_security_headers(response.headers)  # this answer is sent outside the middleware
        return response
