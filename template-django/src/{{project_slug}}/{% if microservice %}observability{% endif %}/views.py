"""`/metrics` for Prometheus and `/ready/`, the readiness probe (liveness stays at `/health/`)."""

import logging
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import metrics

logger = logging.getLogger(__name__)

# Ports of the broker URL schemes, for URLs that leave it out.
_DEFAULT_PORTS = {"redis": 6379, "rediss": 6379, "amqp": 5672, "amqps": 5671}


@never_cache
@require_GET
def prometheus_metrics(request: HttpRequest) -> HttpResponse:
    body, content_type = metrics.exposition()
    return HttpResponse(body, content_type=content_type)


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Readiness: the database is unreachable")
        return "unavailable"
    return "ok"


def check_broker(url: str, *, within: float) -> str:
    """Does the broker accept connections? (A TCP connection: no client library needed.)"""
    parts = urlsplit(url)
    try:
        port = parts.port or _DEFAULT_PORTS.get(parts.scheme, 0)
        socket.create_connection((parts.hostname or "localhost", port), timeout=within).close()
    except (OSError, ValueError):
        logger.warning("Readiness: the broker on %s is unreachable", parts.hostname)
        return "unavailable"
    return "ok"


@never_cache
@require_GET
def ready(request: HttpRequest) -> JsonResponse:
    """200 when the database (and the broker, if there is one) answer, else 503."""
    checks = {"database": check_database()}
    if settings.READY_BROKER_URL:
        checks["broker"] = check_broker(
            settings.READY_BROKER_URL, within=settings.READY_TIMEOUT_SECONDS
        )
    ok = all(check == "ok" for check in checks.values())
    return JsonResponse(
        {"status": "ok" if ok else "unavailable", "checks": checks}, status=200 if ok else 503
    )
