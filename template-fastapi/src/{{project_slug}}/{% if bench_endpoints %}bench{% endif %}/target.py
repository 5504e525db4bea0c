"""What the `bench` command (cli.py) needs to know about this app: how production serves it, in
which environment, and which database it uses."""

from __future__ import annotations

import os

from ..settings import get_settings

FRAMEWORK = "fastapi"
INTERFACE = "asgi, uvloop"
VERSIONS = ("fastapi", "starlette", "sqlalchemy", "granian", "uvloop", "asyncpg", "aiosqlite")


def server_command(*, host: str, port: int, workers: int) -> list[str]:
    """`serve`, the console script the Dockerfile runs."""
    return ["serve", "--host", host, "--port", str(port), "--workers", str(workers)]


def server_env() -> dict[str, str]:
    """The server's environment: production mode with the benchmark endpoints on, requested as
    127.0.0.1 whatever hosts the project serves otherwise."""
    return {
        **os.environ,
        "ENVIRONMENT": "production",
        "BENCH_ENDPOINTS": "true",
        "ALLOWED_HOSTS": "127.0.0.1",
    }


def prepare(tests: list[str]) -> str:
    """The database the app uses, as the report names it."""
    return "sqlite" if get_settings().is_sqlite else "postgresql"
