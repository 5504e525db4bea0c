"""Sending into a room, from anywhere: the channel layer (Redis) carries the message to every
process that holds a member of the room."""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from ..users.models import User
from .messages import Message, group_name, message_build


async def message_send(*, room: str, user: User, text: str) -> Message:
    """Fan `text` out to the room's members, in every process; returns what they receive."""
    message = message_build(room=room, user=user.email, text=text)
    layer = get_channel_layer()
    assert layer is not None, "CHANNEL_LAYERS is not configured"  # noqa: S101
    await layer.group_send(group_name(room), {"type": "room.message", "message": message})
    return message


def message_send_sync(*, room: str, user: User, text: str) -> Message:
    """message_send for synchronous code (views served by WSGI)."""
    return async_to_sync(message_send)(room=room, user=user, text=text)
