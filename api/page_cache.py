"""Pages and JSON resources kept whole until the store changes: a second reader of an incident gets the
answer the first one caused, without its queries, records or templates being made again.

An ASGI middleware over the read routes (`CACHED`). An answer is kept under its request's method, URL
(scheme, host, path, query) and `Accept`, with the store's write count (`AnswerCache.writes`) when it
was begun; it is served again only while that count holds, so every write (an ingest, `POST
/articles`) retires every kept page at once. Only complete 200 answers are kept, least recently used
first out past `max_bytes`. Job states, exports, SPARQL and the service routes are never kept.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kg.rdf.cache import AnswerCache

# The read routes whose answers depend on the store alone ("/" is the front page)
CACHED = ("/incidents", "/claims", "/articles", "/sources", "/compare", "/places", "/id/")


@dataclass(slots=True)
class _Page:
    start: Message
    body: bytes
    writes: int


def cacheable(scope: Scope) -> bool:
    path = scope["path"]
    return scope["method"] == "GET" and (path == "/" or any(
        path == prefix.rstrip("/") or path.startswith(prefix.rstrip("/") + "/") for prefix in CACHED))


class PageCache:
    """ASGI middleware keeping whole 200 answers of the read routes until the next write."""

    def __init__(self, app: ASGIApp, answers: AnswerCache, max_bytes: int) -> None:
        self.app = app
        self.answers = answers  # whose write count says when a kept page is out of date
        self.max_bytes = max_bytes
        self.bytes = 0
        self.hits = 0
        self._pages: OrderedDict[tuple[object, ...], _Page] = OrderedDict()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.max_bytes <= 0 or not cacheable(scope):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        key = (scope["scheme"], headers.get(b"host"), scope.get("root_path", ""), scope["path"],
               scope["query_string"], headers.get(b"accept"))
        writes = self.answers.writes
        page = self._pages.get(key)
        if page is not None and page.writes == writes:
            self._pages.move_to_end(key)
            self.hits += 1
            await send({**page.start, "headers": list(page.start["headers"])})  # outer middleware adds to it
            await send({"type": "http.response.body", "body": page.body, "more_body": False})
            return
        start: Message | None = None
        parts: list[bytes] = []

        async def keep(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = {**message, "headers": list(message.get("headers", []))}  # as the route gave it
            elif message["type"] == "http.response.body":
                parts.append(message.get("body", b""))
                if not message.get("more_body", False) and start is not None and start["status"] == 200:
                    self._keep(key, start, b"".join(parts), writes)
            await send(message)

        await self.app(scope, receive, keep)

    def _keep(self, key: tuple[object, ...], start: Message, body: bytes, writes: int) -> None:
        if writes != self.answers.writes or len(body) > self.max_bytes // 8:
            return  # a write came meanwhile, or the page would take too much of the room
        old = self._pages.pop(key, None)
        if old is not None:
            self.bytes -= len(old.body)
        self._pages[key] = _Page(start, body, writes)
        self.bytes += len(body)
        while self.bytes > self.max_bytes:
            _, dropped = self._pages.popitem(last=False)
            self.bytes -= len(dropped.body)


__all__ = ["CACHED", "PageCache", "cacheable"]
