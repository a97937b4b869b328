"""Response headers that keep pages from being turned against their readers, on every response.

HTML pages get a Content-Security-Policy that allows scripts, styles, images and fetches from this
server only (the pages have no inline script or style: `api/static/*.js` and `style.css`), no
plugins, forms posting only here, and no framing; every other response gets a policy that allows
nothing (a JSON or XML answer opened in a browser runs nothing). All responses carry
`X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY` (for browsers without frame-ancestors)
and `Referrer-Policy: no-referrer` (query URLs hold what a reader searched for). A route that
sets one of these headers itself keeps its own. An unexpected error's 500 is answered outside every
middleware (Starlette's outermost error handler), so `api.problems` adds the same headers to it.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PAGE_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
OTHER_POLICY = "default-src 'none'; frame-ancestors 'none'"
COMMON = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"}


def add_security_headers(headers: MutableHeaders) -> None:
    """Set the headers above that are not set already (by content type)."""
    html = headers.get("content-type", "").lower().startswith("text/html")
    headers.setdefault("Content-Security-Policy", PAGE_POLICY if html else OTHER_POLICY)
    for name, value in COMMON.items():
        headers.setdefault(name, value)


class SecurityHeaders:
    """ASGI middleware adding the headers above to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                add_security_headers(MutableHeaders(scope=message))
            await send(message)

        await self.app(scope, receive, send_with_headers)
