"""A minimal hand-tuned Django app: /bench/json and /bench/db, and nothing else.

The baseline the generated project is measured against (benchmarks/bench_django.py): one
module, no middleware, no installed apps, one raw SQL query on the World table the generated
project migrated and seeded, and a persistent database connection per thread. Its views go
through Django's standard request handler; the generated project's BenchMiddleware calls its
views itself, skipping that handler, and adds SecurityMiddleware's headers. Configured from
the environment: DATABASE_URL (the generated project's database). Served with granian:

    granian --interface wsgi --working-dir benchmarks/minimal_django minimal_app:application
"""

from __future__ import annotations

import json
import os
import random

import django
import environ
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import path

DATABASE = environ.Env.db_url_config(os.environ["DATABASE_URL"])
DATABASE["CONN_MAX_AGE"] = None
if DATABASE["ENGINE"] == "django.db.backends.sqlite3":
    DATABASE["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}

settings.configure(
    DEBUG=False,
    SECRET_KEY="minimal-benchmark-app-not-a-secret",  # noqa: S106 - signs nothing
    ALLOWED_HOSTS=["127.0.0.1"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    DATABASES={"default": DATABASE},
    USE_TZ=True,
)
django.setup()

WORLD = "SELECT id, random_number FROM bench_world WHERE id = %s"


def _json(data: object) -> HttpResponse:
    body = json.dumps(data, separators=(",", ":")).encode()
    response = HttpResponse(body, content_type="application/json")
    response.headers["Content-Length"] = str(len(body))
    return response


def json_view(request: HttpRequest) -> HttpResponse:
    return _json({"message": "Hello, World!"})


def db_view(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute(WORLD, [random.randint(1, 10_000)])
        world_id, number = cursor.fetchone()
    return _json({"id": world_id, "randomNumber": number})


urlpatterns = [path("bench/json", json_view), path("bench/db", db_view)]
application = get_wsgi_application()
