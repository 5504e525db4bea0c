"""What the `bench` command (cli.py) needs to know about this project: how production serves it,
in which environment, and whether the database is ready."""

from __future__ import annotations

import os
import secrets

from .wrk import BenchError

PACKAGE = __name__.partition(".")[0]
FRAMEWORK = "django"
INTERFACE = "wsgi"
VERSIONS = ("django", "granian", "psycopg")
DB_TESTS = {"db", "queries", "fortunes", "updates"}


def server_command(*, host: str, port: int, workers: int) -> list[str]:
    """The production server, as the Dockerfile's CMD runs it (a test keeps the two equal).

    WSGI runs each request on one of granian's blocking threads; a few threads per worker keep
    the GIL from being passed around dozens of them, and still overlap database round trips.
    """
    return [
        "granian",
        "--interface",
        "wsgi",
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--blocking-threads",
        "4",
        f"{PACKAGE}.config.wsgi:application",
    ]


def server_env() -> dict[str, str]:
    """The server's environment: production settings with the benchmark endpoints on.

    Production settings read only the real environment. The local settings, loaded by
    `prepare`, have put .env into os.environ, so the server sees the same DATABASE_URL (and
    SECRET_KEY).
    """
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": f"{PACKAGE}.config.settings.production",
        "BENCH_ENDPOINTS": "true",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_hex(64),
        # Plain HTTP on 127.0.0.1, with no TLS proxy in front to set X-Forwarded-Proto.
        "SECURE_SSL_REDIRECT": "false",
    }


def prepare(tests: list[str]) -> str:
    """Set Django up as manage.py does (local settings, .env) and name the database in use;
    checks that the tables are seeded when a test reads them."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", f"{PACKAGE}.config.settings.local")
    # The local settings require a key; a throwaway one does for the benchmark.
    os.environ.setdefault("SECRET_KEY", secrets.token_hex(64))
    import django
    from django.db import DatabaseError, connection

    django.setup()
    from .data import WORLD_ROWS
    from .models import World

    if DB_TESTS & set(tests):
        try:
            seeded = World.objects.count() == WORLD_ROWS
        except DatabaseError as exc:
            raise BenchError(f"the database is not ready ({exc}): run manage.py migrate") from None
        finally:
            connection.close()
        if not seeded:
            raise BenchError("the World table is not seeded: run `python manage.py seed_bench`")
    return str(connection.vendor)
