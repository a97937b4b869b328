"""/jobs/{id}: an ingest job's state, progress, counts, errors and stored articles (token-protected)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from api.context import ApiContext
from api.examples import JOB_EXAMPLE
from api.models import IngestJob
from api.problems import PROBLEM_SCHEMA
from api.routes.articles import check_token
from kg.views.ingest import job_resource


def router(ctx: ApiContext) -> APIRouter:
    api = APIRouter(tags=["articles"])

    @api.get("/jobs/{job_id}", name="job_get", summary="An ingest job started by POST /articles",
             description="State (queued, running, done, failed), progress (records done of total), counts "
                         "(stored, unchanged, replaced, failed), each failed record with its number and reason, "
                         "and links to the articles stored. Needs the same token as POST /articles.",
             responses={200: {"description": "The job", "model": IngestJob,
                             "content": {"application/json": {"example": JOB_EXAMPLE}}},
                        401: PROBLEM_SCHEMA, 404: PROBLEM_SCHEMA})
    def job_get(request: Request, job_id: str) -> JSONResponse:
        check_token(ctx.config.api_token, request.headers.get("authorization"))
        return JSONResponse(job_resource(ctx.jobs.get(job_id)))

    return api
