"""Security headers and CORS on every response, as one plain ASGI middleware (no per-request
task), and the request body limit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from granian.utils.proxies import wrap_asgi_with_proxy_headers
from starlette import status
from starlette.exceptions import HTTPException
from starlette.middleware import cors
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# API responses are JSON: nothing may be loaded or framed from them. The docs pages set their
# own, looser policy (see docs.py), which is kept.
_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
}
_HSTS = "max-age=63072000; includeSubDomains"

RawHeaders = list[tuple[bytes, bytes]]


class ResponseHeadersMiddleware:
    """The security headers on every HTTP response, and CORS.

    Requests with an Origin header, CORS preflights among them, go through Starlette's
    CORSMiddleware, with the security headers added inside it. Requests without one (same-origin
    pages and non-browser clients: most of them) only need `Vary: Origin` from CORS, so that no
    cache serves them to a cross-origin request; this middleware adds it in the same pass over
    the response's headers as the security headers. One `send` wrapper per request instead of
    two middlewares' (Starlette's CORS alone costs some 40 Python calls on these requests).
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        hsts: bool,
        allow_origins: Sequence[str],
        allow_methods: Sequence[str],
        allow_headers: Sequence[str],
        max_age: int,
    ) -> None:
        self.app = app
        headers = {**_HEADERS, **({"Strict-Transport-Security": _HSTS} if hsts else {})}
        # Encoded once: ASGI headers are (lowercase name, value) byte pairs.
        self.security = [(name.lower().encode(), value.encode()) for name, value in headers.items()]
        self.cors = cors.CORSMiddleware(
            self._secured,
            allow_origins=allow_origins,
            allow_methods=allow_methods,
            allow_headers=allow_headers,
            allow_credentials=False,
            max_age=max_age,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, _ in scope["headers"]:
            if name == b"origin":
                await self.cors(scope, receive, send)
                return
        await self.app(scope, receive, self._adding_headers(send, vary_on_origin=True))

    async def _secured(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The app with the security headers, under CORSMiddleware (which adds Vary itself)."""
        await self.app(scope, receive, self._adding_headers(send, vary_on_origin=False))

    def _adding_headers(self, send: Send, *, vary_on_origin: bool) -> Send:
        """`send`, with the response's headers completed by `with_headers`."""

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = with_headers(
                    message.get("headers", ()), self.security, vary_on_origin=vary_on_origin
                )
            await send(message)

        return send_with_headers


def with_headers(
    headers: Iterable[tuple[bytes, bytes]], defaults: RawHeaders, *, vary_on_origin: bool
) -> RawHeaders:
    """A new list (a response object may be sent more than once, so its own list must not
    grow): the response's headers, the `defaults` it does not set itself and, with
    `vary_on_origin`, Origin added to Vary, in one Vary header as Starlette writes it."""
    kept: RawHeaders = []
    present = set()
    vary: list[bytes] = []
    for name, value in headers:
        lower = name.lower()
        if vary_on_origin and lower == b"vary":
            vary.append(value)
            continue
        present.add(lower)
        kept.append((name, value))
    kept += [header for header in defaults if header[0] not in present]
    if vary_on_origin:
        kept.append((b"vary", b", ".join([*vary, b"Origin"])))
    return kept


class BodyLimitMiddleware:
    """Refuse request bodies over `max_body_size` bytes with 413, before they are read whole.

    A declared Content-Length over the limit is refused at once; a body without one (chunked) is
    counted as it arrives, and the read that crosses the limit raises the 413 inside the app,
    which its exception handlers answer.
    """

    def __init__(self, app: ASGIApp, *, max_body_size: int) -> None:
        self.app = app
        self.max_body_size = max_body_size

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope["headers"]:
            if name == b"content-length":
                if not value.isdigit() or int(value) > self.max_body_size:
                    await _too_large(scope, receive, send)
                    return
                break
        await self.app(scope, self._counting(receive), send)

    def _counting(self, receive: Receive) -> Receive:
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_size:
                    raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, TOO_LARGE)
            return message

        return counting_receive


TOO_LARGE = "The request body is too large"


async def _too_large(scope: Scope, receive: Receive, send: Send) -> None:
    response = JSONResponse(
        {"detail": TOO_LARGE},
        status_code=status.HTTP_413_CONTENT_TOO_LARGE,
        # The body is left unread: the connection cannot carry another request.
        headers={"Connection": "close"},
    )
    await response(scope, receive, send)


class ProxyHeadersMiddleware:
    """The client's address and the scheme (https behind a TLS proxy) from X-Forwarded-For and
    X-Forwarded-Proto, believed only when the request comes from one of `trusted_hosts`: granian's
    own helper, which its documentation describes for servers behind a proxy."""

    def __init__(self, app: ASGIApp, *, trusted_hosts: list[str]) -> None:
        self.app: ASGIApp = wrap_asgi_with_proxy_headers(app, trusted_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)
