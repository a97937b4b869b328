"""/id/...: every IRI the project mints dereferences here (Turtle, JSON-LD, N-Triples, HTML)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, unquote

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.context import ApiContext
from api.examples import ERRORS
from api.negotiation import GRAPH_MEDIA, HTML_MEDIA, choose, media_type
from api.pages import url_for
from api.problems import NotAcceptable
from kg.rdf.stream import graph_bytes
from kg.views import describe, describe_rows, page_for

RDF_CONTENT: dict[str, dict[str, Any]] = {m: {} for m in ("text/turtle", "application/ld+json", "application/n-triples",
                               "application/rdf+xml", "text/html")}


def router(ctx: ApiContext) -> APIRouter:
    api = APIRouter(tags=["linked data"])

    @api.get("/id/{path:path}", name="resource", summary="Dereference a minted IRI",
             responses={200: {"description": "What the graph says about the IRI", "content": RDF_CONTENT},
                        **ERRORS})
    def resource(request: Request, path: str) -> Response:
        fmt = request.query_params.get("format")
        chosen = fmt if fmt in ("turtle", "nt", "jsonld", "rdfxml", "html") else None
        if chosen is None:
            picked = choose(request.headers.get("accept"), {**GRAPH_MEDIA, "html": HTML_MEDIA},
                            ("turtle", "jsonld", "html", "nt", "rdfxml"))
            if picked is None:
                raise NotAcceptable("a resource is available as Turtle, JSON-LD, N-Triples, RDF/XML or HTML")
            chosen = picked[0]
        path = minted_path(request, path)
        iri, triples = describe(ctx.store, ctx.iris, path)
        headers = {"Vary": "Accept"}
        if chosen == "html":
            page = page_for(unquote(path))
            link = url_for(request, page[0], **page[1]) if page else None
            return ctx.templates.TemplateResponse(request, "resource.html", {
                "iri": str(iri), "rows": describe_rows(triples), "page": link}, headers=headers)
        return Response(graph_bytes(triples, chosen), media_type=media_type(chosen), headers=headers)

    return api


def minted_path(request: Request, decoded: str) -> str:
    """The path under /id/ as the IRI spells it: read from the raw request path, so an encoded "/"
    inside one segment (an article id "a/b" is minted as "article/a%2Fb") stays encoded; each segment
    is then encoded the way IRIs are minted (`kg.rdf.vocab.Iris`), whatever escapes the client used."""
    raw = request.scope.get("raw_path")
    if not raw:
        return decoded
    text = raw.decode("latin-1").split("?", 1)[0].rstrip("/")
    marker = text.find("/id/")
    if marker < 0:
        return decoded
    return "/".join(quote(unquote(segment), safe="-_.~") for segment in text[marker + 4:].split("/"))
