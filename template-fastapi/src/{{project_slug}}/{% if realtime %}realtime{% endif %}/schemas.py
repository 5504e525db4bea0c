"""What travels in a room: what a client sends, and the message everyone in the room receives."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field

# A room is a short name of lower-case letters, digits, `-` and `_`, so that it can sit in a
# URL and a Redis channel name as it is.
ROOM_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
RoomName = Annotated[
    str, Path(pattern=ROOM_PATTERN, description="Lower-case letters, digits, `-` and `_`")
]

MAX_TEXT_LENGTH = 2000
# A websocket frame longer than this (in characters) is refused unread: a message at its longest,
# with every character escaped in JSON, still fits.
MAX_FRAME_LENGTH = 8 * MAX_TEXT_LENGTH


class MessageCreate(BaseModel):
    """What a client sends, over the websocket or to `POST /rooms/{room}/messages`."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=MAX_TEXT_LENGTH)


class MessagePublic(BaseModel):
    """A message as every socket in its room receives it."""

    room: str
    user: int = Field(description="The id of the user who sent it")
    text: str
    sent_at: datetime


class ErrorFrame(BaseModel):
    """What a socket receives instead when what it sent cannot be a message."""

    error: str
