"""The benchmark's reads, straight on the database driver.

Through an `AsyncSession`, one SELECT on SQLite takes several trips to aiosqlite's worker thread
(BEGIN, cursor, execute, fetch, close, ROLLBACK), and each trip wakes a thread and the event
loop. A `FastQuery` is a Core `select()` compiled once per dialect and run with the driver's own
one-call fetch: one trip on SQLite, one round trip on PostgreSQL, no transaction (a single
statement reads a consistent snapshot on its own) and no ORM bookkeeping. The SQL is still
SQLAlchemy's, with bound parameters.

The connections come from a `DriverPool`: BENCH_POOL_SIZE connections opened once, when the app
starts, and lent through an asyncio queue, so that no request pays for a checkout from
SQLAlchemy's pool. On PostgreSQL they are asyncpg's, taken from the engine. On SQLite they are
the standard library's own, used on the event loop's thread: SQLite runs inside this process,
and a read by primary key takes less time than one trip to aiosqlite's thread. With WAL (see
`db.SQLITE_PRAGMAS`) readers never wait for a writer, so these reads do not stall the loop.

Used only by the benchmark's endpoints, tuned for TechEmpower's test types: a slow query would
stall every request on SQLite. A connection the database server closed (a restart) is
replaced, and the read repeated on the new one. The app's own endpoints, reads and writes, go
through the session.
"""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from sqlalchemy import Select
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from ..db import SQLITE_PRAGMAS

# How a DriverConnection runs a statement.
ASYNCPG, AIOSQLITE, SQLITE3 = "asyncpg", "aiosqlite", "sqlite3"


class DriverConnection:
    """A driver's own connection (asyncpg's, aiosqlite's or sqlite3's) with its dialect.

    One taken from an engine (`engine`, `owned`) is reopened when the server closed it (a
    restart, a failover): see `reopen`.
    """

    __slots__ = ("dialect", "driver", "engine", "kind", "owned")

    def __init__(
        self,
        dialect: Dialect,
        driver: Any,
        *,
        engine: AsyncEngine | None = None,
        owned: AsyncConnection | None = None,
    ) -> None:
        # Always one of this module's constants: the fetch methods compare with `is`.
        if isinstance(driver, sqlite3.Connection):
            self.kind = SQLITE3
        elif dialect.driver == ASYNCPG:
            self.kind = ASYNCPG
        elif dialect.driver == AIOSQLITE:
            self.kind = AIOSQLITE
        else:  # pragma: no cover
            raise NotImplementedError(dialect.driver)
        self.dialect = dialect
        self.driver = driver
        self.engine = engine
        self.owned = owned

    @classmethod
    async def of(cls, connection: AsyncConnection) -> DriverConnection:
        """The driver connection under a SQLAlchemy connection (in its transaction, if any)."""
        raw = await connection.get_raw_connection()
        return cls(connection.dialect, raw.driver_connection)

    @classmethod
    async def open(cls, engine: AsyncEngine) -> DriverConnection:
        """A connection of the engine's pool, kept until `close`."""
        owned = await engine.connect()
        raw = await owned.get_raw_connection()
        return cls(owned.dialect, raw.driver_connection, engine=engine, owned=owned)

    def is_closed(self) -> bool:
        """Whether the server closed this connection (asyncpg knows once it tried to use it)."""
        return self.kind is ASYNCPG and bool(self.driver.is_closed())

    async def reopen(self) -> bool:
        """Swap a closed connection for a new one from the engine (whose pool tests it first);
        False when this connection has no engine to come from."""
        if self.engine is None:
            return False
        if self.owned is not None:
            # Discarded, not returned: the pool must not lend the dead connection again.
            await self.owned.invalidate()
            self.owned = None
        self.owned = await self.engine.connect()
        raw = await self.owned.get_raw_connection()
        self.driver = raw.driver_connection
        return True

    async def close(self) -> None:
        if self.owned is not None:
            await self.owned.close()
            self.owned = None


class DriverPool:
    """Driver connections lent to one `FastQuery` user at a time."""

    def __init__(self, connections: list[DriverConnection]) -> None:
        self._idle: asyncio.Queue[DriverConnection] = asyncio.Queue()
        for connection in connections:
            self._idle.put_nowait(connection)
        self._owned: list[DriverConnection] = []
        self._files: list[sqlite3.Connection] = []

    @classmethod
    async def open(cls, engine: AsyncEngine, size: int) -> DriverPool:
        """`size` connections to the engine's database: sqlite3's own for a SQLite file, else
        taken from the engine's pool (see `db.create_engine`)."""
        path = engine.url.database
        if engine.dialect.name == "sqlite" and path and path != ":memory:":
            files = [_sqlite_connection(path) for _ in range(size)]
            pool = cls([DriverConnection(engine.dialect, file) for file in files])
            pool._files = files
            return pool
        connections = [await DriverConnection.open(engine) for _ in range(size)]
        pool = cls(connections)
        pool._owned = connections
        return pool

    async def close(self) -> None:
        """Close what `open` opened, giving the engine's connections back to its pool."""
        for connection in self._owned:
            await connection.close()
        for file in self._files:
            file.close()
        self._owned, self._files = [], []

    def connection(self) -> _Lease:
        """`async with pool.connection() as connection:` one connection, for this block only."""
        return _Lease(self._idle)


class _Lease:
    """A class rather than an `@asynccontextmanager`, which costs more Python calls per use."""

    __slots__ = ("_connection", "_idle")

    def __init__(self, idle: asyncio.Queue[DriverConnection]) -> None:
        self._idle = idle

    async def __aenter__(self) -> DriverConnection:
        self._connection = await self._idle.get()
        return self._connection

    async def __aexit__(self, *_: object) -> None:
        self._idle.put_nowait(self._connection)


class FastQuery:
    def __init__(self, statement: Select[*tuple[Any, ...]]) -> None:
        self._statement = statement
        self._keys = tuple(str(column.key) for column in statement.selected_columns)
        self._compiled: dict[str, tuple[str, tuple[str, ...]]] = {}

    def _compile(self, dialect: Dialect) -> tuple[str, tuple[str, ...]]:
        compiled = self._compiled.get(dialect.name)
        if compiled is None:
            statement = self._statement.compile(dialect=dialect)
            compiled = (statement.string, tuple(statement.positiontup or ()))
            self._compiled[dialect.name] = compiled
        return compiled

    async def fetch_one(self, connection: DriverConnection, **params: Any) -> dict[str, Any] | None:
        """The first row as a dict keyed by column, or None. Values are the driver's own (SQLite
        gives datetimes as text and booleans as 0/1); validate them with a pydantic model."""
        sql, names = self._compile(connection.dialect)
        args = [params[name] for name in names]
        kind = connection.kind
        if kind is SQLITE3:
            row = connection.driver.execute(sql, args).fetchone()
        elif kind is ASYNCPG:
            row = await _asyncpg(connection, "fetchrow", sql, args)
        else:
            rows = await connection.driver.execute_fetchall(sql, args)
            row = rows[0] if rows else None
        return None if row is None else dict(zip(self._keys, row, strict=True))

    async def fetch_all(self, connection: DriverConnection, **params: Any) -> list[dict[str, Any]]:
        """Every row, as dicts keyed by column (see `fetch_one`)."""
        sql, names = self._compile(connection.dialect)
        args = [params[name] for name in names]
        kind = connection.kind
        if kind is SQLITE3:
            rows = connection.driver.execute(sql, args).fetchall()
        elif kind is ASYNCPG:
            rows = await _asyncpg(connection, "fetch", sql, args)
        else:
            rows = await connection.driver.execute_fetchall(sql, args)
        return [dict(zip(self._keys, row, strict=True)) for row in rows]


async def _asyncpg(connection: DriverConnection, method: str, sql: str, args: list[Any]) -> Any:
    """asyncpg's `fetchrow` or `fetch`; on a connection the server closed, once more on a new
    one (a single read is safe to repeat), so that the first requests after a database restart
    succeed too."""
    try:
        return await getattr(connection.driver, method)(sql, *args)
    except Exception:
        if connection.is_closed() and await connection.reopen():
            return await getattr(connection.driver, method)(sql, *args)
        raise


def _sqlite_connection(path: str) -> sqlite3.Connection:
    """A connection for reads on the event loop's thread, set up as the engine's are."""
    connection = sqlite3.connect(path, isolation_level=None)
    for pragma in SQLITE_PRAGMAS:
        connection.execute(pragma)
    return connection


@dataclass(frozen=True)
class State:
    """What `bench.install`'s lifespan opens, as `app.state.bench`."""

    pool: DriverPool
    # Held around the updates' write transaction: on SQLite an asyncio lock, so that writers
    # queue in order of arrival instead of polling in SQLite's busy handler; elsewhere a no-op,
    # as row locks order conflicting writers.
    write_lock: AbstractAsyncContextManager[Any]


def state(request: Request) -> State:
    """The app's benchmark `State`."""
    bench: State = request.app.state.bench
    return bench
