"""`manage.py createdb [--migrate]`: create the PostgreSQL database DATABASE_URL names if it is
missing, then (with --migrate) apply the migrations. With SQLite there is nothing to create."""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

# Every PostgreSQL server has this database; CREATE DATABASE must run from another one.
MAINTENANCE_DATABASE = "postgres"


class Command(BaseCommand):
    help = "Create the database that DATABASE_URL names, if it does not exist yet (PostgreSQL)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--migrate", action="store_true", help="then apply migrations (migrate --noinput)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor == "postgresql":
            self._create_postgresql_database()
        else:
            self.stdout.write(f"Nothing to create: {connection.vendor} makes its database on use.")
        if options["migrate"]:
            call_command("migrate", interactive=False, verbosity=options["verbosity"])

    def _create_postgresql_database(self) -> None:
        import psycopg
        from psycopg import sql

        db = connection.settings_dict
        name = db["NAME"]
        # Same server and credentials as the project's own connection, but to the maintenance
        # database and in autocommit mode: CREATE DATABASE cannot run inside a transaction.
        with psycopg.connect(
            dbname=MAINTENANCE_DATABASE,
            user=db["USER"] or None,
            password=db["PASSWORD"] or None,
            host=db["HOST"] or None,
            port=db["PORT"] or None,
            autocommit=True,
        ) as conn:
            if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                self.stdout.write(f"Database {name} exists.")
                return
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        self.stdout.write(self.style.SUCCESS(f"Created database {name}."))
