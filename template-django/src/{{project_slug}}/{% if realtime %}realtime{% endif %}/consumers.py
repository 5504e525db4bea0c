"""A room's websocket: members send `{"text": "..."}` and receive every message of the room,
whichever process its sender is connected to."""

import json
from typing import Any, cast

from channels.generic.websocket import AsyncWebsocketConsumer

from ..users.models import User
from . import services
from .auth import BEARER
from .messages import MAX_FRAME_CHARS, Invalid, clean_text, group_name, is_room_name

# Close codes in the range applications may use (4000-4999), like HTTP's statuses.
CLOSE_UNAUTHENTICATED = 4401
CLOSE_BAD_ROOM = 4404


class RoomConsumer(AsyncWebsocketConsumer):
    room: str
    group: str

    async def connect(self) -> None:
        user = self.scope.get("user")
        room: str = self.scope["url_route"]["kwargs"]["room"]
        # Closing before accepting refuses the handshake: the client gets a 403.
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        if not is_room_name(room):
            await self.close(code=CLOSE_BAD_ROOM)
            return
        self.room, self.group = room, group_name(room)
        await self.channel_layer.group_add(self.group, self.channel_name)
        offered = list(self.scope.get("subprotocols") or [])
        await self.accept(subprotocol=BEARER if offered[:1] == [BEARER] else None)

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        try:
            if text_data is None:
                raise Invalid("Send text frames holding JSON")
            if len(text_data) > MAX_FRAME_CHARS:
                raise Invalid("The message is too long")
            try:
                payload = json.loads(text_data)
            except ValueError:
                raise Invalid("The message is not JSON") from None
            text = clean_text(payload)
        except Invalid as error:
            await self.send_json({"error": str(error)})
            return
        user = cast(User, self.scope["user"])
        await services.message_send(room=self.room, user=user, text=text)

    async def room_message(self, event: dict[str, Any]) -> None:
        """A message of the room, from the channel layer (type "room.message")."""
        await self.send_json(event["message"])

    async def send_json(self, content: object) -> None:
        await self.send(text_data=json.dumps(content))


class NotFoundConsumer(AsyncWebsocketConsumer):
    """Any other websocket path: refused, as a 404 would be."""

    async def connect(self) -> None:
        await self.close(code=CLOSE_BAD_ROOM)
