"""The websocket URLs (config/asgi.py routes every websocket here)."""

from django.urls import re_path

from .consumers import NotFoundConsumer, RoomConsumer

# Any room segment reaches the consumer, which refuses a bad name with its own close code.
websocket_urlpatterns = [
    re_path(r"^ws/rooms/(?P<room>[^/]+)/$", RoomConsumer.as_asgi()),
    re_path(r"", NotFoundConsumer.as_asgi()),
]
