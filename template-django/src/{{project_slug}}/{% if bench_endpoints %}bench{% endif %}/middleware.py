"""BenchMiddleware serves /bench/ while BENCH_ENDPOINTS is on, first in MIDDLEWARE.

The benchmark endpoints are excluded from authentication and rate limiting, as TechEmpower's
tests need, and from what only a browser session uses: sessions, CSRF, messages, django-axes'
lockout, WhiteNoise's static files and CommonMiddleware. Django has no per-view middleware, so
this middleware answers them itself. It still does what every Django view pays for: Django's
URL resolver routes the path (over bench/urls.py), and the response carries SecurityMiddleware's
headers, as on every other page. The FastAPI template's endpoints pay the same: routing and
security-header middleware.

SecurityMiddleware's headers depend on the settings and on whether the request came over HTTPS
(HSTS), nothing else, so the middleware asks Django's SecurityMiddleware for them once, at
startup, and sets them on each response instead of working them out again per request. Its
HTTPS redirect (SECURE_SSL_REDIRECT) is Django's own, per request.

Every other path goes down the whole stack. With BENCH_ENDPOINTS off (production's default),
Django drops the middleware at startup and /bench/ is a 404 like any unknown path.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotAllowed,
    JsonResponse,
)
from django.middleware.security import SecurityMiddleware
from django.urls import Resolver404, URLResolver
from django.urls.resolvers import RegexPattern

from . import urls
from .models import World

PREFIX = "/bench/"
READ_ONLY = ("GET", "HEAD")


class BenchMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        if not settings.BENCH_ENDPOINTS:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.resolver = URLResolver(RegexPattern(r"^/"), urls)
        self.security = SecurityMiddleware(get_response)
        # SecurityMiddleware's headers, over HTTPS (True) and plain HTTP (False).
        self.headers = {https: _security_headers(self.security, https) for https in (True, False)}
        # Only then is request.is_secure() (a few calls) worth asking: HSTS is HTTPS-only.
        self.https_differs = self.headers[True] != self.headers[False]

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        path = request.path_info
        if not path.startswith(PREFIX):
            return self.get_response(request)
        try:
            match = self.resolver.resolve(path)
        except Resolver404:
            return self.get_response(request)
        if self.security.redirect:  # SECURE_SSL_REDIRECT
            redirect = self.security.process_request(request)
            if redirect is not None:
                return self.security.process_response(request, redirect)
        if request.method not in READ_ONLY:
            return self._secured(request, HttpResponseNotAllowed(READ_ONLY))
        request.resolver_match = match
        try:
            response: HttpResponse = match.func(request, *match.args, **match.kwargs)
        except World.DoesNotExist as exc:
            # Not seeded yet: a 503 saying how to seed, as for a service that is not ready.
            response = JsonResponse({"detail": str(exc)}, status=503)
        # CommonMiddleware would set it; without it granian sends the body chunked.
        response.headers["Content-Length"] = str(len(response.content))
        return self._secured(request, response)

    def _secured(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        https = self.https_differs and request.is_secure()
        for name, value in self.headers[https]:
            response.headers[name] = value
        return response


def _security_headers(security: SecurityMiddleware, https: bool) -> list[tuple[str, str]]:
    """The headers `security` adds to the response to a request over HTTPS or plain HTTP."""
    request = HttpRequest()
    request.is_secure = lambda: https  # type: ignore[method-assign]
    blank = HttpResponse()
    response = security.process_response(request, HttpResponse())
    return [(name, value) for name, value in response.items() if name not in blank.headers]
