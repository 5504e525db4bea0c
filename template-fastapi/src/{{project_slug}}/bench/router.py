"""The TechEmpower test types. Handlers return a `Response` themselves: FastAPI then skips
response-model validation and serialization, which would cost more than the work they do."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse

from ..fastread import ConnectionDep
from . import service

router = APIRouter(prefix="/bench", tags=["bench"])

# TechEmpower requires a Server header; `serve` turns uvicorn's own off, so the app names itself.
SERVER = {"Server": __name__.partition(".")[0]}
QueriesParam = Annotated[
    str | None, Query(description="rows to read, 1..500; missing or invalid means 1")
]


@router.get("/json", summary="JSON serialization")
async def json_serialization() -> JSONResponse:
    return JSONResponse({"message": "Hello, World!"}, headers=SERVER)


@router.get("/plaintext", summary="Plaintext")
async def plaintext() -> PlainTextResponse:
    return PlainTextResponse(b"Hello, World!", headers=SERVER)


@router.get("/db", summary="Single database query")
async def single_query(connection: ConnectionDep) -> JSONResponse:
    world = await service.get_world(connection, service.random_id())
    return JSONResponse(world, headers=SERVER)


@router.get("/queries", summary="Multiple database queries")
async def multiple_queries(connection: ConnectionDep, queries: QueriesParam = None) -> JSONResponse:
    worlds = await service.get_worlds(connection, service.query_count(queries))
    return JSONResponse(worlds, headers=SERVER)


@router.get("/fortunes", summary="Fortunes (server-rendered HTML)")
async def fortunes(connection: ConnectionDep) -> HTMLResponse:
    return HTMLResponse(await service.fortunes_html(connection), headers=SERVER)


@router.get("/updates", summary="Database updates")
async def updates(connection: ConnectionDep, queries: QueriesParam = None) -> JSONResponse:
    worlds = await service.update_worlds(connection, service.query_count(queries))
    return JSONResponse(worlds, headers=SERVER)
