"""One middleware for every request: its id, its span, its metrics and its access log line."""

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from opentelemetry import trace
from opentelemetry.propagate import extract
from opentelemetry.trace import SpanKind, Status, StatusCode

from . import metrics
from .logs import request_id, request_id_from

access_log = logging.getLogger(__name__.rpartition(".")[0] + ".access")


class ObservabilityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        rid = request_id_from(request.headers.get("X-Request-ID"))
        token = request_id.set(rid)
        started = time.perf_counter()
        tracer = trace.get_tracer(__name__)
        try:
            with tracer.start_as_current_span(
                request.method or "HTTP",
                context=extract(request.headers),
                kind=SpanKind.SERVER,
                attributes={"http.request.method": request.method or "", "url.path": request.path},
            ) as span:
                # Django turns exceptions into responses below this middleware: there is
                # always a response here.
                response = self.get_response(request)
                # The route's pattern (`api/notes/<pk>/`), not the path: one series per endpoint.
                match = request.resolver_match
                route = match.route if match is not None else "<unmatched>"
                span.update_name(f"{request.method} {route}")
                span.set_attribute("http.route", route)
                span.set_attribute("http.response.status_code", response.status_code)
                if response.status_code >= 500:
                    span.set_status(Status(StatusCode.ERROR))
            response["X-Request-ID"] = rid
            seconds = time.perf_counter() - started
            method = request.method or ""
            status = response.status_code
            metrics.observe(method=method, route=route, status=status, seconds=seconds)
            access_log.info(
                "%s %s %d",
                method,
                request.path,
                status,
                extra={
                    "method": method,
                    "path": request.path,
                    "route": route,
                    "status": status,
                    "duration_ms": round(seconds * 1000, 3),
                },
            )
            return response
        finally:
            request_id.reset(token)
