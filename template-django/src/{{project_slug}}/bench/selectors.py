"""Reads for the benchmark endpoints: one query per World row, as TechEmpower requires.

The World read is the ORM's own SQL, compiled once: compiling a queryset costs several times what
SQLite or PostgreSQL take to answer this query, and the db, queries and updates tests do little
else.
"""

import random
from functools import cache

from django.db import connections

from .models import Fortune, World

WORLD_ROWS = 10_000
MAX_QUERIES = 500


def random_world_id() -> int:
    return random.randint(1, WORLD_ROWS)  # noqa: S311 - benchmark data, not security


def query_count(raw: str | None) -> int:
    """TechEmpower's `queries` parameter: an integer clamped to 1..500; missing or invalid is 1."""
    try:
        count = int(raw or "")
    except ValueError:
        return 1
    return min(max(count, 1), MAX_QUERIES)


@cache
def _world_sql(using: str) -> str:
    """`SELECT id, random_number FROM world WHERE id = %s` in the ORM's words, per database."""
    query = World.objects.using(using).filter(id=0).order_by().values_list("id", "random_number")
    sql: str = query.query.get_compiler(using=using).as_sql()[0]
    return sql


def world_get(*, world_id: int) -> dict[str, int]:
    """`{"id": ..., "randomNumber": ...}` of one stored row (World.DoesNotExist if missing)."""
    using = World.objects.db
    with connections[using].cursor() as cursor:
        cursor.execute(_world_sql(using), [world_id])
        row = cursor.fetchone()
    if row is None:
        raise World.DoesNotExist(f"World {world_id} is missing: run `manage.py seed_bench`")
    return {"id": row[0], "randomNumber": row[1]}


def world_list_random(*, count: int) -> list[dict[str, int]]:
    """`count` random rows, one query each (TechEmpower forbids a single IN query)."""
    return [world_get(world_id=random_world_id()) for _ in range(count)]


def fortune_list() -> list[Fortune]:
    return list(Fortune.objects.all())
