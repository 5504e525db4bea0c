"""Hot-path reads straight on the database driver.

Through an `AsyncSession`, one SELECT on SQLite costs six trips to aiosqlite's worker thread
(BEGIN, cursor, execute, fetch, close, ROLLBACK), and each trip wakes a thread and the event
loop. A `FastQuery` is a Core `select()` compiled once per dialect and run with the driver's own
one-call fetch: one trip on SQLite, one round trip on PostgreSQL, no transaction (a single
statement reads a consistent snapshot on its own) and no ORM bookkeeping. The SQL is still
SQLAlchemy's, with bound parameters.

Use it for hot, read-only, single-statement paths (see `items.service.get_item` and
`bench.service`); everything else goes through the session.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import Select
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine


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

    async def fetch_one(self, connection: AsyncConnection, **params: Any) -> dict[str, Any] | None:
        """The first row as a dict keyed by column, or None. Values are the driver's own (SQLite
        gives datetimes as text and booleans as 0/1); validate them with a pydantic model."""
        sql, args, driver = await self._prepare(connection, params)
        if connection.dialect.driver == "asyncpg":
            row = await driver.fetchrow(sql, *args)
        else:
            rows = list(await driver.execute_fetchall(sql, args))
            row = rows[0] if rows else None
        return None if row is None else dict(zip(self._keys, row, strict=True))

    async def fetch_all(self, connection: AsyncConnection, **params: Any) -> list[dict[str, Any]]:
        """Every row, as dicts keyed by column (see `fetch_one`)."""
        sql, args, driver = await self._prepare(connection, params)
        if connection.dialect.driver == "asyncpg":
            rows = await driver.fetch(sql, *args)
        else:
            rows = await driver.execute_fetchall(sql, args)
        return [dict(zip(self._keys, row, strict=True)) for row in rows]

    async def _prepare(
        self, connection: AsyncConnection, params: dict[str, Any]
    ) -> tuple[str, list[Any], Any]:
        if connection.dialect.driver not in ("asyncpg", "aiosqlite"):  # pragma: no cover
            raise NotImplementedError(connection.dialect.driver)
        sql, names = self._compile(connection.dialect)
        driver = (await connection.get_raw_connection()).driver_connection
        return sql, [params[name] for name in names], driver


async def get_connection(request: Request) -> AsyncIterator[AsyncConnection]:
    """A pooled connection outside any transaction, for `FastQuery`."""
    engine: AsyncEngine = request.app.state.engine
    async with engine.connect() as connection:
        yield connection


ConnectionDep = Annotated[AsyncConnection, Depends(get_connection)]
