"""A minimal, hand-tuned FastAPI app: the baseline `bench_fastapi.py` compares the generated
project with. Only the two endpoints compared (json, db), same paths and bodies as the generated
project's, no middleware, and the database driver used directly (asyncpg's pool, or one
sqlite3 connection used on the event loop's thread: a read by key costs less than a trip to
aiosqlite's thread) on the generated project's own seeded World table. Its routes are plain
`@app.get` routes, through FastAPI's standard route handler; the generated project's read
endpoints skip that handler (`bench.router.BenchRoute`), so they can serve more than this app.

    DATABASE_URL=sqlite:////abs/path/db.sqlite3 granian --interface asgi --loop uvloop app:app
    DATABASE_URL=postgresql://user@host/db ...

POOL_SIZE sets the number of PostgreSQL connections (default 4, as the generated project's
DATABASE_FAST_POOL_SIZE, so that both hold as many).
"""

from __future__ import annotations

import os
import random
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.responses import JSONResponse

DATABASE_URL = os.environ["DATABASE_URL"]
SERVER = {"Server": "minimal"}
Fetch = Callable[[int], Awaitable[Any]]


async def _postgres(pool_size: int) -> tuple[Fetch, Callable[[], Awaitable[None]]]:
    import asyncpg

    pool = await asyncpg.create_pool(DATABASE_URL, min_size=pool_size, max_size=pool_size)
    sql = "SELECT id, randomnumber FROM world WHERE id = $1"

    async def fetch(world_id: int) -> Any:
        return await pool.fetchrow(sql, world_id)

    return fetch, pool.close


async def _sqlite(pool_size: int) -> tuple[Fetch, Callable[[], Awaitable[None]]]:
    path = DATABASE_URL.removeprefix("sqlite:///")
    connection = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode = WAL", "synchronous = NORMAL", "busy_timeout = 5000"):
        connection.execute(f"PRAGMA {pragma}")
    sql = "SELECT id, randomnumber FROM world WHERE id = ?"

    async def fetch(world_id: int) -> Any:
        return connection.execute(sql, (world_id,)).fetchone()

    async def close() -> None:
        connection.close()

    return fetch, close


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    postgres = DATABASE_URL.startswith("postgres")
    pool_size = int(os.environ.get("POOL_SIZE", "4"))
    fetch, close = await (_postgres if postgres else _sqlite)(pool_size)
    app.state.fetch = fetch
    try:
        yield
    finally:
        await close()


app = FastAPI(lifespan=lifespan, openapi_url=None, docs_url=None, redoc_url=None)


@app.get("/bench/json")
async def json_serialization() -> JSONResponse:
    return JSONResponse({"message": "Hello, World!"}, headers=SERVER)


@app.get("/bench/db")
async def single_query() -> JSONResponse:
    row = await app.state.fetch(random.randint(1, 10_000))
    return JSONResponse({"id": row[0], "randomNumber": row[1]}, headers=SERVER)
