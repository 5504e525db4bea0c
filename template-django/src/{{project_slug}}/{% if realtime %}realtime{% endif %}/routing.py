"""The websocket URLs (config/asgi.py routes every websocket here)."""

from typing import Any, cast

from django.urls import re_path

from .consumers import NotFoundConsumer, RoomConsumer

# Any room segment reaches the consumer, which refuses a bad name with its own close code.
# (Django's type stubs expect a view where Channels routes an ASGI application: hence the casts.)
websocket_urlpatterns: list[Any] = [
    re_path(r"^ws/rooms/(?P<room>[^/]+)/$", cast(Any, RoomConsumer.as_asgi())),
    re_path(r"", cast(Any, NotFoundConsumer.as_asgi())),
]
