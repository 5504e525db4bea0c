"""Security headers and CORS on every response, as plain ASGI middleware (no per-request
task)."""

from __future__ import annotations

from collections.abc import Iterable

from starlette.middleware import cors
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# API responses are JSON: nothing may be loaded or framed from them. The docs pages set their
# own, looser policy (see docs.py); the `setdefault` below leaves it alone.
_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
}
_HSTS = "max-age=63072000; includeSubDomains"


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, *, hsts: bool) -> None:
        self.app = app
        headers = {**_HEADERS, **({"Strict-Transport-Security": _HSTS} if hsts else {})}
        # Encoded once: ASGI headers are (lowercase name, value) byte pairs.
        self.raw_headers = [
            (name.lower().encode(), value.encode()) for name, value in headers.items()
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                # One pass over the response's headers, and a new list: a response object may
                # be sent more than once, so its own list must not grow.
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                headers += [header for header in self.raw_headers if header[0] not in present]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class CORSMiddleware(cors.CORSMiddleware):
    """Starlette's, with a shortcut for requests without an Origin header (same-origin and
    non-browser clients). For those Starlette only adds `Vary: Origin`, through two header
    objects per request (some 40 Python calls, a tenth of a /bench/json request); this adds the
    same header directly. Requests with an Origin, preflights among them, go to Starlette."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or any(name == b"origin" for name, _ in scope["headers"]):
            await super().__call__(scope, receive, send)
            return

        async def send_with_vary(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = vary_on_origin(message.get("headers", ()))
            await send(message)

        await self.app(scope, receive, send_with_vary)


def vary_on_origin(headers: Iterable[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """The headers with Origin added to Vary, in one Vary header as Starlette writes it."""
    kept: list[tuple[bytes, bytes]] = []
    vary: list[tuple[bytes, bytes]] = []
    for name, value in headers:
        (vary if name.lower() == b"vary" else kept).append((name, value))
    kept.append((b"vary", b", ".join([*(value for _, value in vary), b"Origin"])))
    return kept
