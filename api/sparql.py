"""The SPARQL 1.1 Protocol at /sparql: query by GET, POST form or POST sparql-query; read-only.

The router only adapts HTTP: it reads the protocol's parameters, asks `kg.rdf.protocol` for the
answer and `kg.rdf.stream` for its serialisation, in the format `api.negotiation` picks.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response, StreamingResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import ImmutableMultiDict, UploadFile

from api.context import ApiContext
from api.negotiation import description_format, media_type, sparql_format
from api.problems import PROBLEM_SCHEMA, NotAcceptable, UnsupportedMedia
from kg.errors import QueryError, QueryRefused, QueryTooLarge
from kg.rdf.protocol import Answer, Cancel
from kg.rdf.stream import ask_text, graph_bytes, select_chunks, select_from_tsv
from kg.views.service import service_description

EXAMPLE_QUERY = "SELECT ?claim ?text WHERE { ?claim a <https://claimgraph.org/ontology#Claim> ; " \
                "<http://schema.org/text> ?text } LIMIT 5"
RESULT_CONTENT = {
    "application/sparql-results+json": {"example": {"head": {"vars": ["claim", "text"]},
                                                    "results": {"bindings": []}}},
    "application/sparql-results+xml": {}, "text/csv": {}, "text/tab-separated-values": {},
    "text/turtle": {}, "application/n-triples": {}, "application/ld+json": {}, "application/rdf+xml": {},
    "text/html": {},
}
RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "Query results, in the negotiated format", "content": RESULT_CONTENT},
    400: PROBLEM_SCHEMA, 403: PROBLEM_SCHEMA, 406: PROBLEM_SCHEMA, 415: PROBLEM_SCHEMA, 503: PROBLEM_SCHEMA,
}
FORMATS_HELP = "json, xml, csv, tsv (SELECT, ASK); turtle, nt, jsonld, rdfxml (CONSTRUCT, DESCRIBE); html"
LIMIT_HEADER = "X-Result-Limit"
TRUNCATED_HEADER = "X-Results-Truncated"


def answer_response(answer: Answer, fmt: str, max_rows: int) -> Response:
    """The HTTP response for an evaluated answer: streamed rows, or a serialised graph."""
    headers = {"Vary": "Accept", LIMIT_HEADER: str(max_rows), TRUNCATED_HEADER: str(answer.truncated).lower()}
    if answer.kind == "ask":
        return Response(ask_text(bool(answer.boolean), fmt), media_type=media_type(fmt), headers=headers)
    if answer.kind == "select" and answer.body is not None:
        body = answer.body if answer.body_format == fmt else select_from_tsv(answer.body, fmt)
        return Response(body, media_type=media_type(fmt), headers=headers)
    if answer.kind == "select":
        chunks: Iterator[str] = select_chunks(answer.variables, answer.rows, fmt)
        return StreamingResponse(chunks, media_type=media_type(fmt), headers=headers)
    return Response(graph_bytes(answer.triples, fmt), media_type=media_type(fmt), headers=headers)


class SparqlRouter(APIRouter):
    """`/sparql`, built with the API context (store, limits, named queries for the page)."""

    def __init__(self, ctx: ApiContext) -> None:
        super().__init__(tags=["SPARQL"])
        self.ctx = ctx

        @self.get("/sparql", responses=RESPONSES, summary="SPARQL query (GET), query page, service description")
        async def sparql_get(
            request: Request,
            query: str | None = Query(None, description="SPARQL query text", examples=[EXAMPLE_QUERY]),
            default_graph_uri: Annotated[list[str] | None, Query(alias="default-graph-uri")] = None,
            named_graph_uri: Annotated[list[str] | None, Query(alias="named-graph-uri")] = None,
            format: Annotated[list[str] | None, Query(description=FORMATS_HELP)] = None,
        ) -> Response:
            if not query:
                return await run_in_threadpool(self.describe, request, format or [])
            return await self.watched(request, query, default_graph_uri or [], named_graph_uri or [], format or [])

        @self.post("/sparql", responses=RESPONSES, summary="SPARQL query (POST form or application/sparql-query)",
                   openapi_extra={"requestBody": {"content": {
                       "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
                           "query": {"type": "string"}, "default-graph-uri": {"type": "array", "items": {
                               "type": "string"}}, "named-graph-uri": {"type": "array", "items": {"type": "string"}},
                           "format": {"type": "string"}}, "required": ["query"]},
                           "example": {"query": EXAMPLE_QUERY}},
                       "application/sparql-query": {"schema": {"type": "string"}, "example": EXAMPLE_QUERY}}}})
        async def sparql_post(request: Request) -> Response:
            content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
            params = request.query_params
            fields: ImmutableMultiDict[str, str | UploadFile]  # the query string's, or the form's
            self.check_body_size(request)
            if content_type == "application/sparql-query":
                text = (await self.read_capped(request)).decode("utf-8", "replace")
                fields = params
            elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
                async with request.form() as form:
                    fields = form
                if "update" in fields:
                    raise QueryRefused("the endpoint is read-only: SPARQL Update is not accepted")
                text = str(fields.get("query") or "")
            elif content_type == "application/sparql-update":
                raise QueryRefused("the endpoint is read-only: SPARQL Update is not accepted")
            else:
                raise UnsupportedMedia(content_type, "application/x-www-form-urlencoded or application/sparql-query")
            if not text.strip():
                raise QueryError("no query given (a 'query' field, or a body of type application/sparql-query)")
            return await self.watched(
                request, text,
                [str(v) for v in fields.getlist("default-graph-uri")] or params.getlist("default-graph-uri"),
                [str(v) for v in fields.getlist("named-graph-uri")] or params.getlist("named-graph-uri"),
                [str(v) for v in fields.getlist("format")] or params.getlist("format"))

    def body_cap(self) -> int:
        """The most bytes a POST body may have: the query limit, room for percent-encoding (three bytes
        a character in a form) and the other fields."""
        return 3 * self.ctx.runner.limits.max_bytes + 16384

    def check_body_size(self, request: Request) -> None:
        """Refuse a body whose declared length is past `body_cap` before reading any of it."""
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.body_cap():
            raise self.too_large(int(declared))

    async def read_capped(self, request: Request) -> bytes:
        """The body, read until it passes the query limit (then refused, the rest never read)."""
        limit = self.ctx.runner.limits.max_bytes
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                raise self.too_large(len(body), at_least=True)
        return bytes(body)

    def too_large(self, size: int, *, at_least: bool = False) -> QueryTooLarge:
        limit = self.ctx.runner.limits.max_bytes
        return QueryTooLarge(f"the request body is {'over ' if at_least else ''}{size:,} bytes; the query may be at "
                             f"most {limit:,} (setting KG_QUERY_MAX_BYTES)", limit="bytes", value=size,
                             maximum=limit, setting="KG_QUERY_MAX_BYTES")

    async def watched(self, request: Request, text: str, default_graphs: list[str], named_graphs: list[str],
                      formats: list[str]) -> Response:
        """`respond` in a worker thread, its query stopped (its process killed) if the client goes away first."""
        cancel = Cancel()

        async def watch() -> None:
            while (await request.receive())["type"] != "http.disconnect":
                pass
            cancel.set()

        watcher = asyncio.ensure_future(watch())
        try:
            return await run_in_threadpool(self.respond, text, default_graphs, named_graphs, formats,
                                           request.headers.get("accept"), cancel)
        finally:
            watcher.cancel()

    def respond(self, text: str, default_graphs: list[str], named_graphs: list[str], formats: list[str],
                accept: str | None, cancel: Cancel | None = None) -> Response:
        runner = self.ctx.runner
        form = runner.form(text)
        fmt = sparql_format(form, accept, formats)
        if fmt is None:
            kinds = "Turtle, N-Triples, JSON-LD, RDF/XML" if form in ("construct", "describe") else \
                "SPARQL JSON, SPARQL XML, CSV, TSV"
            raise NotAcceptable(f"a {form.upper()} answer can be sent as {kinds}; the Accept header "
                                f"({accept}) allows none of them")
        answer = runner.run(text, runner.dataset(default_graphs, named_graphs), fmt, cancel)
        return answer_response(answer, fmt, runner.max_rows)

    def describe(self, request: Request, formats: list[str]) -> Response:
        fmt = formats[0] if formats else None
        chosen = description_format(request.headers.get("accept")) if fmt is None else \
            {"html": "html", "ttl": "turtle"}.get(fmt, fmt)
        if chosen == "html":
            return self.ctx.templates.TemplateResponse(request, "query.html", {
                "queries": list(self.ctx.catalog), "endpoint": str(request.url_for("sparql_get"))})
        if chosen not in ("turtle", "nt", "jsonld", "rdfxml"):
            raise NotAcceptable("the service description is available as Turtle, N-Triples, JSON-LD or "
                                "RDF/XML, and the query page as HTML")
        endpoint = str(request.url_for("sparql_get"))
        graph = service_description(self.ctx.store, endpoint, union_default=self.ctx.config.union_default_graph)
        return Response(graph_bytes(iter(graph), chosen), media_type=media_type(chosen), headers={"Vary": "Accept"})

