"""Writes for the benchmark: the updates test type and the seed of both tables."""

import random

from django.db import connections, transaction

from .data import FORTUNES, WORLD_ROWS, random_world_id
from .models import Fortune, World
from .selectors import world_get

UPDATE_SQL = f"UPDATE {World._meta.db_table} SET random_number = %s WHERE id = %s"  # noqa: S608


def world_update_random(*, count: int) -> list[dict[str, int]]:
    """Read `count` distinct random rows one by one, give each a new random number and persist
    them in one transaction; returns the rows as stored."""
    # Distinct ids: two updates of one row in a batch would leave the response ambiguous.
    # Ascending, so that concurrent batches lock rows in one order and cannot deadlock.
    ids = sorted(random.sample(range(1, WORLD_ROWS + 1), count))
    # The reads run outside the transaction, so on SQLite (IMMEDIATE transactions) the write
    # lock is held only for the UPDATE.
    worlds = [world_get(world_id=world_id) for world_id in ids]
    for world in worlds:
        world["randomNumber"] = random_world_id()
    using = World.objects.db
    # One parameterised UPDATE by primary key per row, sent as one batch (TechEmpower allows
    # batches) through Django's cursor: `executemany` runs the batch in the driver, where
    # `bulk_update` would first build one large CASE expression in Python.
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.executemany(UPDATE_SQL, [(world["randomNumber"], world["id"]) for world in worlds])
    return worlds


@transaction.atomic
def bench_seed() -> tuple[int, int]:
    """Replace the World rows (ids 1..10,000, random numbers 1..10,000) and the 12 fortunes;
    returns the new counts. Running it twice leaves the same counts."""
    World.objects.all().delete()
    Fortune.objects.all().delete()
    World.objects.bulk_create(
        (World(id=i, random_number=random_world_id()) for i in range(1, WORLD_ROWS + 1)),
        batch_size=2_000,
    )
    Fortune.objects.bulk_create(
        Fortune(id=i, message=message) for i, message in enumerate(FORTUNES, start=1)
    )
    return World.objects.count(), Fortune.objects.count()
