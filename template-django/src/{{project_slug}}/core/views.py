"""Pages and endpoints that belong to no domain app: the home page, the health check, the
favicon, and the error answers of URLs under /api/."""

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views import defaults
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from ..notes.selectors import note_list
from ..users.models import User

logger = logging.getLogger(__name__)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    notes = note_list(owner=request.user)[:10] if isinstance(request.user, User) else []
    return render(request, "home.html", {"notes": notes})


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """200 when the process serves requests and reaches its database, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database is unreachable")
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


# A plain square: browsers ask every site for /favicon.ico, and a 404 there shows up as an error
# in their consoles. Replace it with your own icon.
FAVICON = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">'
    b'<rect width="16" height="16" rx="3" fill="#0c4b33"/></svg>'
)


@cache_control(public=True, max_age=86400)
@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    return HttpResponse(FAVICON, content_type="image/svg+xml")


# Django answers a URL no route matches (an id not of the route's form, a misspelt path), and
# errors raised outside the API's views, with HTML pages. Under /api/ the answer is JSON in the
# shape DRF's own errors have, as the OpenAPI schema documents: API clients parse every answer.
# config/urls.py names these as Django's handler400, handler403, handler404 and handler500.
API_PREFIX = "/api/"


def _api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _api(request):
        return JsonResponse({"detail": "Bad request."}, status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _api(request):
        return JsonResponse({"detail": "You do not have permission to do this."}, status=403)
    return defaults.permission_denied(request, exception)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if _api(request):
        return JsonResponse({"detail": "Server error."}, status=500)
    return defaults.server_error(request)
