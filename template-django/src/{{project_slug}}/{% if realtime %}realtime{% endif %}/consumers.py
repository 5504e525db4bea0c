"""A room's websocket: members send `{"text": "..."}` and receive every message of the room,
whichever process its sender is connected to.

The channel layer keeps each room's members in Redis. A Redis that restarts comes back without
them, and the layer forgets a member older than its group expiry (a day): so an open socket
joins its room again every REALTIME_REJOIN_SECONDS, and hears the room again that long after
Redis came back, without reconnecting. Messages sent in between reach no one.
"""

import asyncio
import json
import logging
from typing import Any, cast

from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from redis.exceptions import RedisError

from ..users.models import User
from . import services
from .auth import BEARER, CLOSE_NOT_FOUND, refuse
from .messages import MAX_FRAME_CHARS, Invalid, clean_text, group_name

logger = logging.getLogger(__name__)


class RoomConsumer(AsyncWebsocketConsumer):
    room: str
    group: str
    rejoining: asyncio.Task[None] | None = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            # However the socket ended (a consumer that lost Redis for good ends in an error).
            if self.rejoining is not None:
                self.rejoining.cancel()

    async def connect(self) -> None:
        # Only authenticated users (auth.py) and valid room names (routing.py) get here.
        room: str = self.scope["url_route"]["kwargs"]["room"]
        self.room, self.group = room, group_name(room)
        await self.channel_layer.group_add(self.group, self.channel_name)
        self.rejoining = asyncio.create_task(self.rejoin())
        offered = list(self.scope.get("subprotocols") or [])
        await self.accept(subprotocol=BEARER if offered[:1] == [BEARER] else None)

    async def rejoin(self) -> None:
        """Join the room again and again while the socket is open (see the module docstring)."""
        while True:
            await asyncio.sleep(settings.REALTIME_REJOIN_SECONDS)
            try:
                await self.channel_layer.group_add(self.group, self.channel_name)
            except (RedisError, OSError) as error:
                logger.warning("A room socket could not rejoin %s: %s", self.room, error)

    async def disconnect(self, code: int) -> None:
        if self.rejoining is not None:
            self.rejoining.cancel()  # before leaving, or it could join again after
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
