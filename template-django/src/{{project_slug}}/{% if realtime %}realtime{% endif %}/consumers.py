"""A room's websocket: members send `{"text": "..."}` and receive every message of the room,
whichever process its sender is connected to."""

import json
from typing import Any, cast

from channels.generic.websocket import AsyncWebsocketConsumer

from ..users.models import User
from . import services
from .auth import BEARER, CLOSE_NOT_FOUND, refuse
from .messages import MAX_FRAME_CHARS, Invalid, clean_text, group_name


class RoomConsumer(AsyncWebsocketConsumer):
    room: str
    group: str

    async def connect(self) -> None:
        # Only authenticated users (auth.py) and valid room names (routing.py) get here.
        room: str = self.scope["url_route"]["kwargs"]["room"]
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


async def not_found(scope: Any, receive: Any, send: Any) -> None:
    """Any other websocket path, a bad room name included: refused, as a 404 would be."""
    await refuse(receive, send, CLOSE_NOT_FOUND)
