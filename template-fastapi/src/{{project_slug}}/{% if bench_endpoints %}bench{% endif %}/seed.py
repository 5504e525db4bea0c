"""`seed-bench`: fill the World table with 10,000 random rows and Fortune with TechEmpower's 12
fortunes. Idempotent: it replaces what is there, so running it twice leaves the same counts."""

from __future__ import annotations

import argparse
import asyncio

from sqlalchemy import delete, func, insert, inspect, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..db import create_engine, create_sessionmaker
from ..settings import get_settings
from .data import FORTUNES, WORLD_ROWS, random_world_id
from .models import Fortune, World


async def seed(session: AsyncSession) -> tuple[int, int]:
    """Replace the World and Fortune rows (not committed); returns their new counts."""
    await session.execute(delete(World))
    await session.execute(delete(Fortune))
    await session.execute(
        insert(World),
        [{"id": i, "random_number": random_world_id()} for i in range(1, WORLD_ROWS + 1)],
    )
    await session.execute(
        insert(Fortune), [{"id": i, "message": m} for i, m in enumerate(FORTUNES, start=1)]
    )
    worlds = await session.scalar(select(func.count()).select_from(World))
    fortunes = await session.scalar(select(func.count()).select_from(Fortune))
    return worlds or 0, fortunes or 0


class MissingTablesError(Exception):
    """The migrations have not run yet."""


async def _seed_database() -> tuple[int, int]:
    engine = create_engine(get_settings())
    try:
        async with engine.connect() as connection:
            tables = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
        if not {World.__tablename__, Fortune.__tablename__} <= tables:
            raise MissingTablesError
        async with create_sessionmaker(engine)() as session:
            counts = await seed(session)
            await session.commit()
            return counts
    finally:
        await engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="seed-bench", description=__doc__)
    parser.parse_args(argv)
    try:
        worlds, fortunes = asyncio.run(_seed_database())
    except MissingTablesError:
        print("seed-bench: no world/fortune tables; run `uv run alembic upgrade heads` first")
        return 1
    print(f"Seeded {worlds} World rows and {fortunes} Fortune rows.")
    return 0
