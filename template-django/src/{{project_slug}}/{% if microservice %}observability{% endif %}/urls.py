from django.urls import path

from . import views

urlpatterns = [
    # No trailing slash: Prometheus scrapes /metrics unless told otherwise.
    path("metrics", views.prometheus_metrics, name="metrics"),
    path("ready/", views.ready, name="ready"),
]
