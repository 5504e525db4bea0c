"""`manage.py seed_bench`: fill the World table with 10,000 rows of random numbers and Fortune
with TechEmpower's 12 fortunes. Idempotent: it replaces what is there."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from ...models import Fortune, World
from ...services import bench_seed


class Command(BaseCommand):
    help = "Fill the benchmark tables: 10,000 World rows and the 12 TechEmpower fortunes."

    def handle(self, *args: Any, **options: Any) -> None:
        tables = set(connection.introspection.table_names())
        if not {World._meta.db_table, Fortune._meta.db_table} <= tables:
            raise CommandError("The benchmark tables are missing: run `manage.py migrate` first.")
        worlds, fortunes = bench_seed()
        self.stdout.write(f"Seeded {worlds} World rows and {fortunes} Fortune rows.")
