"""Pages and endpoints that belong to no domain app: the home page and the health check."""

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
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
