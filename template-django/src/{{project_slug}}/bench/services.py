"""Writes for the benchmark: the updates test type and the seed of both tables."""

import random
from functools import cache

from django.db import connections, transaction
from django.db.models import Q
from django.db.models.sql.subqueries import UpdateQuery

from .models import Fortune, World
from .selectors import WORLD_ROWS, random_world_id, world_get

# TechEmpower's fortunes, verbatim (the markup and the Japanese one test escaping and encoding).
FORTUNES = (
    "fortune: No such file or directory",
    "A computer scientist is someone who fixes things that aren't broken.",
    "After enough decimal places, nobody gives a damn.",
    "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1",
    "A computer program does what you tell it to do, not what you want it to do.",
    "Emacs is a nice operating system, but I prefer UNIX. \u2014 Tom Christaensen",
    "Any program that runs right is obsolete.",
    "A list is only as strong as its weakest link. \u2014 Donald Knuth",
    "Feature: A bug with seniority.",
    "Computers make very fast, very accurate mistakes.",
    '<script>alert("This should not be displayed in a browser alert box.");</script>',
    "\u30d5\u30ec\u30fc\u30e0\u30ef\u30fc\u30af\u306e\u30d9\u30f3\u30c1\u30de\u30fc\u30af",
)


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
    # One UPDATE by primary key per row, sent as a batch (TechEmpower allows batches):
    # executemany runs them in C on SQLite and pipelined on psycopg. bulk_update's CASE
    # expression costs ten times as much to build as the batch takes to run.
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.executemany(
            _update_sql(using), [(world["randomNumber"], world["id"]) for world in worlds]
        )
    return worlds


@cache
def _update_sql(using: str) -> str:
    """`UPDATE world SET random_number = %s WHERE id = %s` in the ORM's words, per database."""
    query = UpdateQuery(World)
    query.add_update_values({"random_number": 0})
    query.add_q(Q(id=0))
    sql: str = query.get_compiler(using=using).as_sql()[0]
    return sql


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
