"""TechEmpower Framework Benchmarks test types under /bench/ (json, plaintext, db, queries,
fortunes, updates), the `seed-bench` command that fills their tables, and the `bench` command
that serves the app in production mode and measures the endpoints with wrk.

The endpoints need no authentication. They are on by default, except in production, where they
answer 404 unless BENCH_ENDPOINTS=true (see settings.py). The app knows this package through
`install` alone (called in main.py); its tables have their own Alembic branch, `bench`.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext
from typing import Any

from fastapi import FastAPI

from .fastread import DriverPool, State
from .router import add_routes
from .settings import BenchSettings


def install(app: FastAPI, settings: BenchSettings | None = None) -> None:
    """Add the endpoints to `app` (made by main.create_app) unless they are off, and open their
    driver pool after the app's own lifespan has made its engine."""
    settings = settings or BenchSettings()
    if not settings.enabled(app.state.settings.environment):
        return
    add_routes(app)
    app_lifespan = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[Any]:
        async with app_lifespan(app) as state:
            engine = app.state.engine
            pool = await DriverPool.open(engine, settings.bench_pool_size)
            # On SQLite, the updates queue here rather than in SQLite's busy handler.
            lock: AbstractAsyncContextManager[Any] = (
                asyncio.Lock() if engine.dialect.name == "sqlite" else nullcontext()
            )
            app.state.bench = State(pool=pool, write_lock=lock)
            try:
                yield state
            finally:
                await pool.close()

    app.router.lifespan_context = lifespan
