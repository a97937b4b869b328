"""/articles: the ingested articles, one with its claims and spans, and ingest (token-protected)."""

from __future__ import annotations

import hmac
import json
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.context import ApiContext
from api.examples import ARTICLE_EXAMPLE, ERRORS, INGEST_EXAMPLE, LIST_EXAMPLE, ok
from api.problems import PROBLEM_SCHEMA, UnsupportedMedia
from api.render import render
from kg.errors import IngestError, NotAuthorized
from kg.views import Page, article_detail, ingest_items, list_articles, records_to_articles, upload_to_articles

INGEST_BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": {"oneOf": [{"type": "object"}, {"type": "array", "items": {"type": "object"}}]},
                         "example": {"id": "example-1", "outlet": "Press TV", "published": "2018-11-18",
                                     "text": "At least 40 people were killed, state media reported."}},
    "multipart/form-data": {"schema": {"type": "object", "properties": {"file": {"type": "string",
                                                                                 "format": "binary"}}}}}}}


def check_token(expected: str, header: str | None) -> None:
    if not expected:
        raise NotAuthorized("ingest over HTTP is disabled on this server (no api_token is configured)")
    scheme, _, token = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), expected.encode()):
        raise NotAuthorized("POST /articles needs the header 'Authorization: Bearer <api_token>'")


def router(ctx: ApiContext) -> APIRouter:
    api = APIRouter(tags=["articles"])

    @api.get("/articles", name="articles_list", summary="Articles, oldest first",
             responses={**ok(LIST_EXAMPLE, html=True), **ERRORS})
    def articles_list(request: Request, limit: int = Query(50, ge=1, le=500),
                      offset: int = Query(0, ge=0)) -> Response:
        return render(ctx, request, list_articles(ctx.store, ctx.iris, Page(limit, offset)), "articles.html")

    @api.post("/articles", name="articles_post", summary="Ingest articles (JSON records or a file upload)",
              openapi_extra=INGEST_BODY,
              responses={**ok(INGEST_EXAMPLE), 401: PROBLEM_SCHEMA, 415: PROBLEM_SCHEMA, 422: PROBLEM_SCHEMA})
    async def articles_post(request: Request, replace: bool = Query(
            False, description="replace stored articles whose id comes again with another text")) -> Response:
        from starlette.concurrency import run_in_threadpool

        check_token(ctx.config.api_token, request.headers.get("authorization"))
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type == "application/json":
            try:
                body: Any = json.loads(await request.body())
            except ValueError as exc:
                raise IngestError("request body", f"malformed JSON: {exc}") from None
            except RecursionError:
                raise IngestError("request body", "malformed JSON: nested too deep") from None
            items = records_to_articles(body if isinstance(body, list) else [body])
        elif content_type == "multipart/form-data":
            async with request.form() as form:
                upload = form.get("file")
                if upload is None or isinstance(upload, str):
                    raise IngestError("request body", "multipart upload needs a 'file' field")
                items = upload_to_articles(upload.filename or "upload.txt", await upload.read())
        else:
            raise UnsupportedMedia(content_type, "application/json or multipart/form-data")
        data = await run_in_threadpool(ingest_items, items, ctx.store, ctx.iris, ctx.pipeline,
                                       ctx.config.max_article_chars, replace)
        return render(ctx, request, data)

    @api.get("/articles/{article_id:path}", name="article_get", summary="One article with its claims and their spans",
             responses={**ok(ARTICLE_EXAMPLE, html=True), **ERRORS})
    def article_get(request: Request, article_id: str) -> Response:
        return render(ctx, request, article_detail(ctx.store, ctx.iris, article_id), "article.html")

    return api
