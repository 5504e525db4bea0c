"""`manage.py createdb` makes the PostgreSQL database that DATABASE_URL names."""

import os
import subprocess
import sys
import uuid
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from psycopg import sql

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="only PostgreSQL databases need creating"
)


def _createdb(name: str, *options: str) -> str:
    db = connection.settings_dict
    auth = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    url = f"postgresql://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{name}"
    done = subprocess.run(
        [sys.executable, "manage.py", "createdb", *options],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def _exists(name: str) -> bool:
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


def _tables(name: str) -> set[str]:
    db = connection.settings_dict
    with psycopg.connect(
        dbname=name, user=db["USER"], password=db["PASSWORD"], host=db["HOST"], port=db["PORT"]
    ) as conn:
        rows = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return {row[0] for row in rows}


@pytest.mark.django_db
def test_createdb_creates_a_missing_database_once() -> None:
    name = f"createdb_{uuid.uuid4().hex[:12]}"
    assert not _exists(name)
    try:
        assert "Created database" in _createdb(name)
        assert _exists(name)
        assert not _tables(name)
        output = _createdb(name, "--migrate")
        assert "exists" in output
        assert "Applying notes.0001_initial... OK" in output
        assert {"users_user", "notes_note"} <= _tables(name)
    finally:
        with connection._nodb_cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
