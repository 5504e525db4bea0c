"""BenchMiddleware serves /bench/ while BENCH_ENDPOINTS is on, right after SecurityMiddleware.

The benchmark endpoints are excluded from authentication and rate limiting, as TechEmpower's
tests need, and from what only a browser session uses: sessions, CSRF, messages, django-axes'
lockout, WhiteNoise's static files and CommonMiddleware. Django has no per-view middleware, so
this middleware answers them itself. It still does what every Django view pays for: Django's
URL resolver routes the path (over bench/urls.py), and SecurityMiddleware, before it, adds its
security headers to the response, as on every other page. The FastAPI template's endpoints pay
the same: routing and security-header middleware.

Every other path goes down the whole stack. With BENCH_ENDPOINTS off (production's default),
Django drops the middleware at startup and /bench/ is a 404 like any unknown path.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import Resolver404, URLResolver
from django.urls.resolvers import RegexPattern

from . import urls

PREFIX = "/bench/"
READ_ONLY = ("GET", "HEAD")


class BenchMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        if not settings.BENCH_ENDPOINTS:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.resolver = URLResolver(RegexPattern(r"^/"), urls)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if not path.startswith(PREFIX):
            return self.get_response(request)
        try:
            match = self.resolver.resolve(path)
        except Resolver404:
            return self.get_response(request)
        if request.method not in READ_ONLY:
            return HttpResponseNotAllowed(READ_ONLY)
        request.resolver_match = match
        response: HttpResponse = match.func(request, *match.args, **match.kwargs)
        # CommonMiddleware would set it; without it granian sends the body chunked.
        response.headers["Content-Length"] = str(len(response.content))
        return response
