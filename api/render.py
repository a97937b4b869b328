"""Rendering one data dict as JSON, JSON-LD or an HTML page (the format comes from `api.negotiation`).

Like Datasette's views: the data function computes once; this picks the representation and
advertises the others with a `Link` header.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import URL

from api.context import ApiContext
from api.negotiation import media_type, resource_format
from api.problems import NotAcceptable
from kg.views import JSON_CONTEXT

LD_MEDIA = "application/ld+json"


def this_url(request: Request) -> URL:
    """The URL of this request with its path encoded again from the decoded path, so that an id
    holding "%", a space, "?" or "#" comes back as the same id (Starlette's `request.url` leaves
    "%" and spaces as they are)."""
    path = request.scope.get("root_path", "") + request.scope["path"]
    return request.url.replace(path=quote(path, safe="/:@!$&'()*+,;=-._~"))


def with_page_links(request: Request, data: dict[str, Any]) -> dict[str, Any]:
    """Add `next` / `previous` URLs to a paged list."""
    if "total" not in data:
        return data
    limit, offset, total = data["limit"], data["offset"], data["total"]
    url = this_url(request)
    if offset + limit < total:
        data["next"] = str(url.include_query_params(offset=offset + limit))
    if offset > 0:
        data["previous"] = str(url.include_query_params(offset=max(0, offset - limit)))
    return data


def render(ctx: ApiContext, request: Request, data: dict[str, Any], template: str | None = None,
           page_extra: Callable[[], dict[str, Any]] | None = None) -> Response:
    """`data` as JSON (default), JSON-LD (Accept application/ld+json) or the page `template`;
    `page_extra` adds what only the page shows (computed only when the page is asked for)."""
    order = ("json", "jsonld", "html") if template else ("json", "jsonld")
    fmt = resource_format(request.headers.get("accept"), order, request.query_params.get("format"))
    if fmt is None:
        offered = "application/json, application/ld+json" + (", text/html" if template else "")
        raise NotAcceptable(f"this resource is available as {offered}")
    data = with_page_links(request, data)
    url = this_url(request)
    alternates = [f'<{url.include_query_params(format=f)}>; rel="alternate"; type="{m}"'
                  for f, m in (("json", "application/json"), ("jsonld", LD_MEDIA), ("html", "text/html"))
                  if f != fmt and f in order]
    headers = {"Vary": "Accept", "Link": ", ".join(alternates)}
    if fmt == "html":
        assert template is not None
        extra = page_extra() if page_extra else {}
        formats = {f: str(url.include_query_params(format=f)) for f in ("json", "jsonld")}
        return ctx.templates.TemplateResponse(request, template, {"data": data, "formats": formats, **extra},
                                              headers=headers)
    if fmt == "jsonld":
        return JSONResponse({"@context": JSON_CONTEXT, **data}, media_type=LD_MEDIA, headers=headers)
    return JSONResponse(data, media_type=media_type("json").replace("sparql-results+", ""), headers=headers)
