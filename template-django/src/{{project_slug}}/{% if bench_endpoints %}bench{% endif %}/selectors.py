"""Reads for the benchmark endpoints: one query per World row, as TechEmpower requires.

The World read is a parameterised SQL statement on Django's cursor (Django's documented way to
run raw SQL), written once: building a queryset for every row costs more than SQLite or
PostgreSQL take to answer this query, and the db, queries and updates tests do little else.
"""

from django.db import connections

from .data import random_world_id
from .models import Fortune, World

# Django's cursor takes %s placeholders on every backend.
WORLD_SQL = f"SELECT id, random_number FROM {World._meta.db_table} WHERE id = %s"  # noqa: S608


def world_get(*, world_id: int) -> dict[str, int]:
    """`{"id": ..., "randomNumber": ...}` of one stored row (World.DoesNotExist if missing)."""
    with connections[World.objects.db].cursor() as cursor:
        cursor.execute(WORLD_SQL, [world_id])
        row = cursor.fetchone()
    if row is None:
        raise World.DoesNotExist(f"World {world_id} is missing: run `manage.py seed_bench`")
    return {"id": row[0], "randomNumber": row[1]}


def world_list_random(*, count: int) -> list[dict[str, int]]:
    """`count` random rows, one query each (TechEmpower forbids a single IN query)."""
    return [world_get(world_id=random_world_id()) for _ in range(count)]


def fortune_list() -> list[Fortune]:
    return list(Fortune.objects.all())
