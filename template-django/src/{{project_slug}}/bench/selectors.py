"""Reads for the benchmark endpoints: one query per World row, as TechEmpower requires."""

import random

from .models import Fortune, World

WORLD_ROWS = 10_000
MAX_QUERIES = 500

# The columns a response carries, in a queryset built once: each call only adds its filter.
_WORLDS = World.objects.values_list("id", "random_number")


def random_world_id() -> int:
    return random.randint(1, WORLD_ROWS)  # noqa: S311 - benchmark data, not security


def query_count(raw: str | None) -> int:
    """TechEmpower's `queries` parameter: an integer clamped to 1..500; missing or invalid is 1."""
    try:
        count = int(raw or "")
    except ValueError:
        return 1
    return min(max(count, 1), MAX_QUERIES)


def world_get(*, world_id: int) -> dict[str, int]:
    """`{"id": ..., "randomNumber": ...}` of one stored row (World.DoesNotExist if missing)."""
    found_id, number = _WORLDS.get(id=world_id)
    return {"id": found_id, "randomNumber": number}


def world_list_random(*, count: int) -> list[dict[str, int]]:
    """`count` random rows, one query each (TechEmpower forbids a single IN query)."""
    return [world_get(world_id=random_world_id()) for _ in range(count)]


def fortune_list() -> list[Fortune]:
    return list(Fortune.objects.all())
