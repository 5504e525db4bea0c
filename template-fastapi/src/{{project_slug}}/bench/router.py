"""The TechEmpower test types.

These are the hottest paths, so they skip three costs (see README, "Performance notes"):
- Handlers return a `Response` themselves: FastAPI then skips response-model validation and
  serialization, which would cost more than the work they do.
- They read the driver pool from the app's state (`driver_pool(request)`) rather than through
  `DriverPoolDep`: resolving that one dependency cost FastAPI some 190 Python calls per request,
  as much as the rest of /bench/db's application code. Elsewhere, prefer dependencies.
- `add_routes` registers them on the app itself rather than through `include_router`: FastAPI
  matches an included router's routes once to pick the router and again inside it, another
  190 or so calls per request.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse

from ..db import SessionDep
from ..fastread import driver_pool
from . import service

# TechEmpower requires a Server header. The app names itself (granian adds `server: granian`
# only to responses without one), so the header is the same under any server or test client.
SERVER = {"Server": __name__.partition(".")[0]}
QueriesParam = Annotated[
    str | None, Query(description="rows to read, 1..500; missing or invalid means 1")
]


async def json_serialization() -> JSONResponse:
    return JSONResponse({"message": "Hello, World!"}, headers=SERVER)


async def plaintext() -> PlainTextResponse:
    return PlainTextResponse(b"Hello, World!", headers=SERVER)


async def single_query(request: Request) -> JSONResponse:
    return JSONResponse(await service.get_world(driver_pool(request)), headers=SERVER)


async def multiple_queries(request: Request, queries: QueriesParam = None) -> JSONResponse:
    worlds = await service.get_worlds(driver_pool(request), service.query_count(queries))
    return JSONResponse(worlds, headers=SERVER)


async def fortunes(request: Request) -> HTMLResponse:
    return HTMLResponse(await service.fortunes_html(driver_pool(request)), headers=SERVER)


async def updates(
    request: Request, session: SessionDep, queries: QueriesParam = None
) -> JSONResponse:
    pool = driver_pool(request)
    worlds = await service.update_worlds(pool, session, service.query_count(queries))
    return JSONResponse(worlds, headers=SERVER)


def add_routes(app: FastAPI) -> None:
    """Register the endpoints under /bench/ (first, as the most requested; see main.py)."""
    for path, endpoint, summary in (
        ("/json", json_serialization, "JSON serialization"),
        ("/plaintext", plaintext, "Plaintext"),
        ("/db", single_query, "Single database query"),
        ("/queries", multiple_queries, "Multiple database queries"),
        ("/fortunes", fortunes, "Fortunes (server-rendered HTML)"),
        ("/updates", updates, "Database updates"),
    ):
        app.add_api_route(
            f"/bench{path}", endpoint, methods=["GET"], tags=["bench"], summary=summary
        )
