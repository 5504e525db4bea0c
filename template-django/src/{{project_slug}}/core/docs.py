"""The API docs pages (drf-spectacular's Swagger UI and ReDoc), with every asset from this site.

ReDoc's bundle shows the Redocly logo from cdn.redoc.ly in its menu; the copy served here has that
one address replaced by an empty inline image, so the page asks no other host for anything and
the Content-Security-Policy has nothing to block.
"""

import functools
from pathlib import Path

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

REDOC_BUNDLE = "drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"
REDOCLY_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
EMPTY_IMAGE = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E"


@functools.cache
def _redoc_bundle() -> bytes:
    found = finders.find(REDOC_BUNDLE)
    if not isinstance(found, str):
        raise LookupError(f"{REDOC_BUNDLE} is missing: is drf-spectacular-sidecar installed?")
    return Path(found).read_text(encoding="utf-8").replace(REDOCLY_LOGO, EMPTY_IMAGE).encode()


@require_GET
@cache_control(public=True, max_age=3600)
def redoc_bundle(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_redoc_bundle(), content_type="text/javascript; charset=utf-8")
