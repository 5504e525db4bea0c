from django.urls import re_path

from .api import MessageCreateView
from .messages import ROOM_NAME

urlpatterns = [
    re_path(
        rf"^rooms/(?P<room>{ROOM_NAME.pattern})/messages/$",
        MessageCreateView.as_view(),
        name="room-message-create",
    ),
]
