"""The websocket URLs (config/asgi.py routes every websocket here)."""

from typing import Any, cast

from django.urls import re_path

from .consumers import RoomConsumer, not_found
from .messages import ROOM_NAME

# (Django's type stubs expect a view where Channels routes an ASGI application: hence the casts.)
websocket_urlpatterns: list[Any] = [
    re_path(rf"^ws/rooms/(?P<room>{ROOM_NAME.pattern})/$", cast(Any, RoomConsumer.as_asgi())),
    re_path(r"", cast(Any, not_found)),
]
