"""Graph export over HTTP: GET /export/{view}.{gexf|graphml|csv}, with the filters of `kg export`.

Query parameters: `since`, `until` (YYYY-MM-DD), `place`, `event_type`, `outlet`, and for CSV
`table=nodes|edges` (without it, a zip of nodes.csv and edges.csv). The view is computed before
the response starts, so a bad filter answers 400 (404 for an unknown view or format); the file
itself is streamed.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from kg.errors import NotFound
from kg.export import FORMATS, VIEWS, build_view, parse_filters, render
from kg.rdf.store import Store
from kg.rdf.vocab import Iris


def export_router(store: Store, iris: Iris) -> APIRouter:
    """The export routes over `store`; include with `app.include_router(export_router(store, iris))`."""
    router = APIRouter(tags=["export"])

    @router.get("/export/{view}.{fmt}", summary="A view of the graph as GEXF 1.3, GraphML or CSV")
    def export(view: str, fmt: str, since: str | None = None, until: str | None = None, place: str | None = None,
               event_type: str | None = None, outlet: str | None = None, source: str | None = None,
               via: str | None = None, table: str | None = None) -> StreamingResponse:
        if view not in VIEWS:
            raise NotFound(f"no view {view!r}; views: {', '.join(VIEWS)}")
        if fmt not in FORMATS:
            raise NotFound(f"no format {fmt!r}; formats: {', '.join(FORMATS)}")
        filters = parse_filters(since=since, until=until, place=place, event_type=event_type, outlet=outlet,
                                source=source, via=via)
        rendered = render(build_view(store, iris, view, filters), fmt, name=view, table=table)
        return StreamingResponse(rendered.chunks, media_type=rendered.media_type,
                                 headers={"Content-Disposition": f'attachment; filename="{rendered.filename}"'})

    return router
