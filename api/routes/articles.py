"""/articles: the ingested articles, one with its claims and spans, and ingest (token-protected)."""

from __future__ import annotations

import hmac
from functools import partial

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from api.context import ApiContext
from api.examples import ARTICLE_EXAMPLE, ARTICLES_EXAMPLE, ERRORS, INGEST_EXAMPLE, JOB_EXAMPLE
from api.models import Article, ArticlePage, Ingested, IngestJob, json_ok
from api.problems import PROBLEM_SCHEMA, UnsupportedMedia
from api.render import render
from api.uploads import check_upload, json_records, media_type_of, read_body, uploaded_file
from kg.errors import NotAuthorized
from kg.jobs import Job
from kg.views import Page, article_detail, list_articles
from kg.views.ingest import (
    check_record_count,
    ingest_items,
    job_resource,
    records_to_articles,
    refuse_unreadable,
    upload_to_articles,
)

INGEST_BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": {"oneOf": [{"type": "object"}, {"type": "array", "items": {"type": "object"}}]},
                         "example": {"id": "example-1", "outlet": "Press TV", "published": "2018-11-18",
                                     "text": "At least 40 people were killed, state media reported."}},
    "multipart/form-data": {"schema": {"type": "object", "properties": {"file": {"type": "string",
                                                                                 "format": "binary"}}}}}}}


POST_DESCRIPTION = """Ingest JSON records (an object or a list) or one uploaded file (multipart field `file`;
`.txt`, `.md`, `.json`, `.jsonl`, `.csv`, `.html`). Needs `Authorization: Bearer <KG_API_TOKEN>`.

The body may hold at most `KG_MAX_UPLOAD_BYTES` bytes and `KG_MAX_UPLOAD_RECORDS` records (413 otherwise,
before anything is ingested). A body that is not what its content type says is 400; another content
type, or a file whose declared type disagrees with its name, is 415. A batch of at most
`KG_SYNC_INGEST_RECORDS` records is answered at once with its claims when no ingest job runs or waits;
any other batch is answered 202 with a job (`Location: /jobs/{id}`), run one at a time in the
background; 503 with `Retry-After` when `KG_INGEST_QUEUE_LENGTH` jobs already wait."""


def check_token(expected: str, header: str | None) -> None:
    if not expected:
        raise NotAuthorized("ingest over HTTP is disabled on this server (no api_token is configured)")
    scheme, _, token = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), expected.encode()):
        raise NotAuthorized("POST /articles needs the header 'Authorization: Bearer <api_token>'")


def router(ctx: ApiContext) -> APIRouter:
    api = APIRouter(tags=["articles"])

    @api.get("/articles", name="articles_list", summary="Articles, oldest first",
             responses={**json_ok(ArticlePage, ARTICLES_EXAMPLE, html=True), **ERRORS})
    def articles_list(request: Request, limit: int = Query(50, ge=1, le=500),
                      offset: int = Query(0, ge=0)) -> Response:
        return render(ctx, request, list_articles(ctx.store, ctx.iris, Page(limit, offset)), "articles.html")

    @api.post("/articles", name="articles_post", summary="Ingest articles (JSON records or a file upload)",
              description=POST_DESCRIPTION, openapi_extra=INGEST_BODY,
              responses={**json_ok(Ingested, INGEST_EXAMPLE),
                         202: {"description": "Accepted: the batch runs as a job", "model": IngestJob,
                               "content": {"application/json": {"example": JOB_EXAMPLE}}},
                         400: PROBLEM_SCHEMA, 401: PROBLEM_SCHEMA, 413: PROBLEM_SCHEMA, 415: PROBLEM_SCHEMA,
                         422: PROBLEM_SCHEMA, 503: PROBLEM_SCHEMA})
    async def articles_post(request: Request, replace: bool = Query(
            False, description="replace stored articles whose id comes again with another text")) -> Response:
        from starlette.concurrency import run_in_threadpool

        config = ctx.config
        check_token(config.api_token, request.headers.get("authorization"))
        content_type = media_type_of(request.headers.get("content-type"))
        if content_type not in ("application/json", "multipart/form-data"):
            raise UnsupportedMedia(content_type, "application/json or multipart/form-data")
        body = await read_body(request, config.max_upload_bytes)
        if content_type == "application/json":
            records = json_records(body)
            check_record_count(len(records), config.max_upload_records)
            items = records_to_articles(records)
        else:
            filename, declared, data = await uploaded_file(request, body)
            check_upload(filename, declared, data)
            items = upload_to_articles(filename, data, config.max_upload_records)
        refuse_unreadable(items)
        if len(items) <= config.sync_ingest_records:
            ran, answer = await run_in_threadpool(ctx.jobs.run_now, partial(
                ingest_items, items, ctx.store, ctx.iris, ctx.pipeline, config.max_article_chars, replace))
            if ran and answer is not None:
                return render(ctx, request, answer)
        job = ctx.jobs.submit(Job(items, replace=replace))
        return JSONResponse(job_resource(job), status_code=202, headers={"Location": f"/jobs/{job.id}"})

    @api.get("/articles/{article_id:path}", name="article_get", summary="One article with its claims and their spans",
             responses={**json_ok(Article, ARTICLE_EXAMPLE, html=True), **ERRORS})
    def article_get(request: Request, article_id: str) -> Response:
        return render(ctx, request, article_detail(ctx.store, ctx.iris, article_id), "article.html")

    return api
