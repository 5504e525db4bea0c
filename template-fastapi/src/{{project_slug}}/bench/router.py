"""The TechEmpower test types.

Handlers return a `Response` themselves: FastAPI then skips response-model validation and
serialization, which would cost more than the work they do. `add_routes` registers them on the
app itself rather than through `include_router`: FastAPI matches an included router's routes
once to pick the router and again inside it, some 190 Python calls per request, a third more
than everything else /bench/json costs (see README, "Performance notes").
"""

from __future__ import annotations

from typing import Annotated

from fastapi import FastAPI, Query
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse

from ..db import SessionDep
from ..fastread import DriverPoolDep
from . import service

# TechEmpower requires a Server header; `serve` turns uvicorn's own off, so the app names itself.
SERVER = {"Server": __name__.partition(".")[0]}
QueriesParam = Annotated[
    str | None, Query(description="rows to read, 1..500; missing or invalid means 1")
]


async def json_serialization() -> JSONResponse:
    return JSONResponse({"message": "Hello, World!"}, headers=SERVER)


async def plaintext() -> PlainTextResponse:
    return PlainTextResponse(b"Hello, World!", headers=SERVER)


async def single_query(pool: DriverPoolDep) -> JSONResponse:
    return JSONResponse(await service.get_world(pool), headers=SERVER)


async def multiple_queries(pool: DriverPoolDep, queries: QueriesParam = None) -> JSONResponse:
    worlds = await service.get_worlds(pool, service.query_count(queries))
    return JSONResponse(worlds, headers=SERVER)


async def fortunes(pool: DriverPoolDep) -> HTMLResponse:
    return HTMLResponse(await service.fortunes_html(pool), headers=SERVER)


async def updates(
    pool: DriverPoolDep, session: SessionDep, queries: QueriesParam = None
) -> JSONResponse:
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
