"""The TechEmpower test types. BenchMiddleware routes /bench/<name> to these views (see
middleware.py and urls.py); granian adds the Server and Date headers every response must carry."""

import json

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from . import selectors, services
from .data import EXTRA_FORTUNE, query_count, random_world_id
from .models import Fortune

JSON = "application/json"


def _json(data: object) -> HttpResponse:
    # Bytes, so that HttpResponse skips looking up the charset to encode a str.
    return HttpResponse(json.dumps(data, separators=(",", ":")).encode(), content_type=JSON)


def json_serialization(request: HttpRequest) -> HttpResponse:
    return _json({"message": "Hello, World!"})


def plaintext(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"Hello, World!", content_type="text/plain")


def single_query(request: HttpRequest) -> HttpResponse:
    return _json(selectors.world_get(world_id=random_world_id()))


def multiple_queries(request: HttpRequest) -> HttpResponse:
    count = query_count(request.GET.get("queries"))
    return _json(selectors.world_list_random(count=count))


def fortunes(request: HttpRequest) -> HttpResponse:
    rows = [*selectors.fortune_list(), Fortune(id=0, message=EXTRA_FORTUNE)]
    rows.sort(key=lambda fortune: fortune.message)
    return HttpResponse(render_to_string("bench/fortunes.html", {"fortunes": rows}))


def updates(request: HttpRequest) -> HttpResponse:
    count = query_count(request.GET.get("queries"))
    return _json(services.world_update_random(count=count))


# /bench/<name>: the TechEmpower test type names.
VIEWS = {
    "json": json_serialization,
    "plaintext": plaintext,
    "db": single_query,
    "queries": multiple_queries,
    "fortunes": fortunes,
    "updates": updates,
}
