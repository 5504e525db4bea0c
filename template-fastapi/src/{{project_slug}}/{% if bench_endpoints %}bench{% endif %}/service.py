"""The benchmark endpoints' data access.

Reads run one statement straight on the driver through `FastQuery` (one round trip, no session,
no transaction), on a connection from the app's `DriverPool`. The updates write through the
session, as one ORM bulk UPDATE by primary key.
"""

from __future__ import annotations

import random
from contextlib import AbstractAsyncContextManager
from html import escape
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from .data import EXTRA_FORTUNE, WORLD_ROWS, random_world_id
from .fastread import DriverConnection, DriverPool, FastQuery
from .models import Fortune, World

# Labelled as the response names them: a fetched row is the response body as it stands.
_WORLD = FastQuery(
    select(World.id, World.random_number.label("randomNumber")).where(World.id == bindparam("id"))
)
_FORTUNES = FastQuery(select(Fortune.id, Fortune.message))


class NotSeeded(LookupError):
    """The benchmark's tables lack the rows it reads (`uv run seed-bench` fills them): the
    router answers 503, as for any service the app depends on that is not ready."""


async def _get_world(connection: DriverConnection, world_id: int) -> dict[str, Any]:
    row = await _WORLD.fetch_one(connection, id=world_id)
    if row is None:
        raise NotSeeded(f"World {world_id} is missing: run `uv run seed-bench`")
    return row


async def get_world(pool: DriverPool) -> dict[str, Any]:
    """A random row, as `{"id": ..., "randomNumber": ...}`."""
    async with pool.connection() as connection:
        return await _get_world(connection, random_world_id())


async def get_worlds(pool: DriverPool, count: int) -> list[dict[str, Any]]:
    """`count` random rows, one query each (TechEmpower forbids a single IN query)."""
    async with pool.connection() as connection:
        return [await _get_world(connection, random_world_id()) for _ in range(count)]


async def update_worlds(
    pool: DriverPool,
    session: AsyncSession,
    write_lock: AbstractAsyncContextManager[Any],
    count: int,
) -> list[dict[str, Any]]:
    """Read `count` distinct random rows, give each a new random number and persist them."""
    # Distinct ids: two updates of one row in a batch would leave the response ambiguous.
    ids = random.sample(range(1, WORLD_ROWS + 1), count)
    async with pool.connection() as connection:
        worlds = [await _get_world(connection, world_id) for world_id in ids]
    for world in worlds:
        world["randomNumber"] = random_world_id()
    # Ascending ids, so concurrent batches lock rows in the same order and cannot deadlock.
    changes = sorted(
        ({"id": w["id"], "random_number": w["randomNumber"]} for w in worlds),
        key=lambda change: change["id"],
    )
    # The reads ran outside the session's transaction: on SQLite it starts with the UPDATE, so
    # it never has to upgrade a read lock to a write lock (which fails under concurrency).
    async with write_lock:  # see fastread.State
        await session.execute(update(World), changes)
        await session.commit()
    return worlds


async def fortunes_html(pool: DriverPool) -> str:
    """Every fortune plus one added at request time, sorted by message, as escaped HTML."""
    async with pool.connection() as connection:
        rows = await _FORTUNES.fetch_all(connection)
    fortunes = [(row["id"], row["message"]) for row in rows]
    fortunes.append((0, EXTRA_FORTUNE))
    fortunes.sort(key=lambda fortune: fortune[1])
    table = "".join(
        f"<tr><td>{fortune_id}</td><td>{escape(message)}</td></tr>"
        for fortune_id, message in fortunes
    )
    return (
        "<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table>"
        f"<tr><th>id</th><th>message</th></tr>{table}</table></body></html>"
    )
