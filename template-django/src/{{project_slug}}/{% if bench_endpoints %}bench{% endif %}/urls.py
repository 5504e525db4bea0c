"""/bench/<name> for each TechEmpower test type, routed by BenchMiddleware (see middleware.py)."""

from django.urls import URLPattern, path

from .views import VIEWS

urlpatterns: list[URLPattern] = [
    path(f"bench/{name}", view, name=f"bench-{name}") for name, view in VIEWS.items()
]
