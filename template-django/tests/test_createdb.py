"""`manage.py createdb` makes the PostgreSQL database that DATABASE_URL names."""

import os
import subprocess
import sys
import uuid
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from psycopg import sql

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="only PostgreSQL databases need creating"
)


def _createdb(name: str) -> str:
    db = connection.settings_dict
    auth = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    url = f"postgresql://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{name}"
    done = subprocess.run(
        [sys.executable, "manage.py", "createdb"],
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


@pytest.mark.django_db
def test_createdb_creates_a_missing_database_once() -> None:
    name = f"createdb_{uuid.uuid4().hex[:12]}"
    assert not _exists(name)
    try:
        assert "Created database" in _createdb(name)
        assert _exists(name)
        assert "exists" in _createdb(name)
    finally:
        with connection._nodb_cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
