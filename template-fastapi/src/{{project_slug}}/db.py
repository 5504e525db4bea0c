"""Database: the declarative base, the async engine and the per-request session."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Annotated, Any, cast

from fastapi import Depends, HTTPException, Request, status
from sqlalchemy import DateTime, MetaData, event, func
from sqlalchemy.engine import Connection
from sqlalchemy.engine.interfaces import AdaptedConnection
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from .settings import Settings

# Deterministic constraint names, so that migrations can drop and rename them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


# Every SQLite connection's set-up.
SQLITE_PRAGMAS = (
    "PRAGMA foreign_keys = ON",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = NORMAL",
    "PRAGMA busy_timeout = 5000",
)


# An execution option of the read-only engine (see `create_read_sessionmaker`).
READ_ONLY = "read_only"


def _configure_sqlite(engine: AsyncEngine) -> None:
    """Make SQLite behave: real transactions (with SAVEPOINT), foreign keys, WAL.

    The driver's own transaction handling defers BEGIN and breaks savepoints, so SQLAlchemy's
    documented recipe takes over: autocommit at the driver level, BEGIN emitted by SQLAlchemy.
    Transactions that may write begin IMMEDIATE: they take SQLite's write lock up front, waiting
    for it in the busy timeout. A transaction that read first and writes later would have to
    upgrade its lock, which SQLite refuses at once ("database is locked") whenever another
    writer got in between, and no timeout helps. Read-only sessions (see `get_session`) begin
    DEFERRED, so that readers never queue behind writers (WAL lets them read alongside).
    """

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        begin = "BEGIN" if connection.get_execution_options().get(READ_ONLY) else "BEGIN IMMEDIATE"
        # Straight to the driver: one trip to aiosqlite's thread instead of three.
        driver = cast(AdaptedConnection, connection.connection.dbapi_connection)
        driver.run_async(lambda aiosqlite_connection: aiosqlite_connection.execute(begin))


def create_engine(settings: Settings) -> AsyncEngine:
    if settings.is_sqlite:
        engine = create_async_engine(
            settings.async_database_url,
            echo=settings.database_echo,
            # Every checkout ends in an explicit ROLLBACK or COMMIT already (Session and
            # Connection close their transaction); the pool's extra ROLLBACK would cost one more
            # trip to aiosqlite's thread per request.
            pool_reset_on_return=None,
            pool_size=settings.database_pool_size,
            max_overflow=settings.database_max_overflow,
            pool_timeout=settings.database_pool_timeout,
        )
        _configure_sqlite(engine)
        return engine
    return create_async_engine(
        settings.async_database_url,
        echo=settings.database_echo,
        pool_size=settings.database_pool_size,
        max_overflow=settings.database_max_overflow,
        pool_timeout=settings.database_pool_timeout,
        # Test each connection as it leaves the pool, and replace it if the server closed it
        # (a restart, a failover, an idle timeout): requests never meet a dead connection.
        pool_pre_ping=True,
    )


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # expire_on_commit=False: objects stay readable after commit without another query.
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


def create_read_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions for requests that only read.

    On SQLite their transactions begin DEFERRED. On PostgreSQL they need none: at its default
    isolation level (READ COMMITTED) each statement reads its own snapshot, inside a transaction
    or not, so autocommit saves the BEGIN and ROLLBACK round trips and changes nothing a reader
    sees.
    """
    if engine.dialect.name == "sqlite":
        return create_sessionmaker(engine.execution_options(**{READ_ONLY: True}))
    return create_sessionmaker(engine.execution_options(isolation_level="AUTOCOMMIT"))


def create_session_turns(settings: Settings) -> asyncio.Semaphore:
    """Turns for the requests' sessions, one per connection the pool may open.

    When more requests want a connection than the pool holds, the pool lets a newcomer take a
    connection that was just returned before those already waiting, who go to the back of the
    line again: some requests wait through many turns, and the slowest percentile of responses
    takes many times the median. asyncio's semaphore serves its waiters in order of arrival, so
    taking a turn before the session keeps the pool from ever making anyone wait.
    """
    return asyncio.Semaphore(settings.database_pool_size + settings.database_max_overflow)


# Requests with these methods only read (HTTP's safe methods), the others may write.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@asynccontextmanager
async def session_turn(request: Request) -> AsyncIterator[None]:
    """Wait for the request's turn (see `create_session_turns`), at most
    DATABASE_POOL_TIMEOUT seconds: past that the database is saturated, and the client gets a
    503 with Retry-After rather than a wait with no end."""
    turns: asyncio.Semaphore = request.app.state.session_turns
    timeout: float = request.app.state.settings.database_pool_timeout
    try:
        async with asyncio.timeout(timeout):
            await turns.acquire()
    except TimeoutError:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            "The database is busy; retry later",
            headers={"Retry-After": "1"},
        ) from None
    try:
        yield
    finally:
        turns.release()


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """The request's session: read-only for safe methods, else one whose transaction may write."""
    state = request.app.state
    sessionmaker: async_sessionmaker[AsyncSession] = (
        state.read_sessionmaker if request.method in SAFE_METHODS else state.sessionmaker
    )
    async with session_turn(request), sessionmaker() as session:
        yield session


# scope="function": the session closes, and gives its connection back, as soon as the endpoint
# returns, rather than once the response has been sent.
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]


async def get_write_session(request: Request) -> AsyncIterator[AsyncSession]:
    """A session that may write, whatever the method (for a GET that writes)."""
    state = request.app.state
    sessionmaker: async_sessionmaker[AsyncSession] = state.sessionmaker
    async with session_turn(request), sessionmaker() as session:
        yield session


WriteSessionDep = Annotated[AsyncSession, Depends(get_write_session, scope="function")]
