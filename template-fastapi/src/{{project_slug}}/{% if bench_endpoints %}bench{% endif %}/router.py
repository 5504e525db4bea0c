"""The TechEmpower test types.

These are the hottest paths, so they skip what costs more than the work they do:
- `BenchRoute` calls each read endpoint with the request and nothing else. FastAPI's own route
  handler resolves dependencies, validates parameters and serializes return values, and pays
  for that machinery on every request even when an endpoint asks for none of it. Routing,
  exception handlers and middleware still apply, and the routes are documented in OpenAPI like
  any other. Elsewhere, use plain routes.
- The endpoints return a `Response` themselves and read the benchmark's state from the app
  (`fastread.state(request)`), the query string from the request (`queries`, documented
  through `openapi_extra`).
- `updates` writes through a session, so it is a plain route with a session dependency: the way
  to write, and the write costs far more than FastAPI's handler. It is a GET that writes, so it
  takes `WriteSessionDep` (the app's `SessionDep` gives GETs a read-only session).
- `add_routes` registers them on the app itself, before the app's own routers (FastAPI tries
  routes in the order they were added), rather than through `include_router`, whose routes are
  matched once to pick the router and again inside it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse
from fastapi.routing import APIRoute

from ..db import WriteSessionDep
from ..errors import error_responses
from . import service
from .data import query_count
from .fastread import state

# TechEmpower requires a Server header. The app names itself (granian adds `server: granian`
# only to responses without one), so the header is the same under any server or test client.
SERVER = {"Server": __name__.partition(".")[0]}
QUERIES_DESCRIPTION = "rows to read, 1..500; missing or invalid means 1"
QueriesParam = Annotated[str | None, Query(description=QUERIES_DESCRIPTION)]
# The endpoints that read the World table: a 503 while it is not seeded.
READS_WORLDS = ("/db", "/queries", "/updates")
QUERIES_PARAMETER = {
    "name": "queries",
    "in": "query",
    "required": False,
    "description": QUERIES_DESCRIPTION,
    "schema": {"type": "string"},
}


class BenchRoute(APIRoute):
    """A route whose endpoint takes the request alone and returns its own `Response`."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        endpoint: Callable[[Request], Awaitable[Response]] = self.endpoint

        async def handler(request: Request) -> Response:
            return await endpoint(request)

        return handler


def _queries(request: Request) -> int:
    return query_count(request.query_params.get("queries"))


async def json_serialization(request: Request) -> JSONResponse:
    return JSONResponse({"message": "Hello, World!"}, headers=SERVER)


async def plaintext(request: Request) -> PlainTextResponse:
    return PlainTextResponse(b"Hello, World!", headers=SERVER)


async def single_query(request: Request) -> JSONResponse:
    return JSONResponse(await service.get_world(state(request).pool), headers=SERVER)


async def multiple_queries(request: Request) -> JSONResponse:
    worlds = await service.get_worlds(state(request).pool, _queries(request))
    return JSONResponse(worlds, headers=SERVER)


async def fortunes(request: Request) -> HTMLResponse:
    return HTMLResponse(await service.fortunes_html(state(request).pool), headers=SERVER)


async def updates(
    request: Request, session: WriteSessionDep, queries: QueriesParam = None
) -> JSONResponse:
    bench = state(request)
    worlds = await service.update_worlds(
        bench.pool, session, bench.write_lock, query_count(queries)
    )
    return JSONResponse(worlds, headers=SERVER)


async def not_seeded(_request: Request, exc: Exception) -> JSONResponse:
    """503 until the benchmark's tables are seeded, saying how to seed them."""
    return JSONResponse({"detail": str(exc)}, status_code=503, headers=SERVER)


def add_routes(app: FastAPI) -> None:
    """Register the endpoints under /bench/ (before the app's routers, as the most requested)."""
    app.add_exception_handler(service.NotSeeded, not_seeded)
    for path, endpoint, summary, response_class in (
        ("/json", json_serialization, "JSON serialization", JSONResponse),
        ("/plaintext", plaintext, "Plaintext", PlainTextResponse),
        ("/db", single_query, "Single database query", JSONResponse),
        ("/queries", multiple_queries, "Multiple database queries", JSONResponse),
        ("/fortunes", fortunes, "Fortunes (server-rendered HTML)", HTMLResponse),
        ("/updates", updates, "Database updates", JSONResponse),
    ):
        extra = {"parameters": [QUERIES_PARAMETER]} if endpoint is multiple_queries else None
        app.router.add_api_route(
            f"/bench{path}",
            endpoint,
            methods=["GET"],
            tags=["bench"],
            summary=summary,
            response_class=response_class,
            route_class_override=APIRoute if endpoint is updates else BenchRoute,
            openapi_extra=extra,
            responses=error_responses(503) if path in READS_WORLDS else None,
        )
