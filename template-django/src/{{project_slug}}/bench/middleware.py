"""BenchMiddleware serves /bench/ ahead of the rest of MIDDLEWARE, while BENCH_ENDPOINTS is on.

It comes first in MIDDLEWARE and answers /bench/<name> itself, so those requests skip what the
endpoints do not need and would only measure: sessions, authentication, CSRF, messages, django-axes,
security headers and URL resolution. Every other path goes down the whole stack as before. With
BENCH_ENDPOINTS off (production's default), Django drops the middleware at startup and /bench/ is
a 404 like any unknown path.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed

from .views import VIEWS

PREFIX = "/bench/"
READ_ONLY = ("GET", "HEAD")


class BenchMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        if not settings.BENCH_ENDPOINTS:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.views = {PREFIX + name: view for name, view in VIEWS.items()}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        view = self.views.get(request.path_info)
        if view is None:
            return self.get_response(request)
        if request.method not in READ_ONLY:
            return HttpResponseNotAllowed(READ_ONLY)
        response = view(request)
        # CommonMiddleware would set it; without it granian sends the body chunked.
        response.headers["Content-Length"] = str(len(response.content))
        return response
