"""The jobs. Each runs in a worker process, takes JSON-serialisable arguments (ids, not
objects) and is idempotent, because a job may be delivered more than once (see celery_app.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from celery.signals import worker_process_shutdown, worker_shutdown
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from ..db import create_engine, create_sessionmaker
from ..settings import get_settings
from . import service
from .celery_app import celery_app
from .settings import get_jobs_settings

T = TypeVar("T")

# Failures worth another try: the database unreachable or busy, the network down.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, OSError)


class _Database:
    """The worker process's event loop and engine, made on first use.

    The app's database code is async; a worker runs jobs one after another on one long-lived
    loop, so the engine's pooled connections are reused across jobs. Made lazily, so that each
    process of a prefork worker gets its own after the fork.
    """

    def __init__(self) -> None:
        self._runner: asyncio.Runner | None = None
        self._engine: AsyncEngine | None = None
        self._sessionmaker: async_sessionmaker[AsyncSession] | None = None

    def run(self, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
        if self._runner is None:
            self._runner = asyncio.Runner()
        return self._runner.run(self._in_session(work))

    async def _in_session(self, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
        if self._sessionmaker is None:
            self._engine = create_engine(get_settings())
            self._sessionmaker = create_sessionmaker(self._engine)
        async with self._sessionmaker() as session:
            return await work(session)

    def close(self, **_: Any) -> None:
        if self._runner is None:
            return
        if self._engine is not None:
            self._runner.run(self._engine.dispose())
        self._runner.close()
        self._runner, self._engine, self._sessionmaker = None, None, None


_database = _Database()
worker_process_shutdown.connect(_database.close, weak=False)
worker_shutdown.connect(_database.close, weak=False)


@celery_app.task(
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
)
def build_report(report_id: str) -> int | None:
    """Build a report (the API's example job); returns its number of items."""

    async def work(session: AsyncSession) -> int | None:
        report = await service.build_report(session, report_id=report_id)
        return None if report is None else report.item_count

    return _database.run(work)


@celery_app.task(
    autoretry_for=TRANSIENT_ERRORS, retry_backoff=True, retry_jitter=True, max_retries=3
)
def purge_reports() -> int:
    """Delete old reports (the scheduler runs it every hour); returns how many."""
    retention = timedelta(days=get_jobs_settings().report_retention_days)

    async def work(session: AsyncSession) -> int:
        return await service.purge_reports(session, created_before=datetime.now(UTC) - retention)

    return _database.run(work)
