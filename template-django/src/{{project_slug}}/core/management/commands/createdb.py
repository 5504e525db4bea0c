"""`manage.py createdb`: create the PostgreSQL database DATABASE_URL names, if it is missing."""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection


class Command(BaseCommand):
    help = "Create the database that DATABASE_URL names, if it does not exist yet (PostgreSQL)."

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            self.stdout.write(f"Nothing to do: {connection.vendor} creates its database on use.")
            return
        from psycopg import sql

        name = connection.settings_dict["NAME"]
        # A connection to the server's maintenance database, outside any transaction.
        with connection._nodb_cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone():
                self.stdout.write(f"Database {name} exists.")
                return
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        self.stdout.write(self.style.SUCCESS(f"Created database {name}."))
