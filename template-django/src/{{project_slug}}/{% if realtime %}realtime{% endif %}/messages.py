"""The rooms' words: a room name, a message and how both are checked.

A room is a short name (letters, digits, `-` and `_`); its Channels group is `room.<name>`.
A message is the JSON object every member of the room receives:
`{"room": ..., "user": ..., "text": ..., "sent_at": ...}`.
"""

import re
from datetime import UTC, datetime
from typing import Any, TypedDict

ROOM_NAME = re.compile(r"[A-Za-z0-9_-]{1,50}")
MAX_TEXT_CHARS = 2000
# A message holds at least one character that is not whitespace. The API's schema carries this
# pattern, and the server checks it with the same regex, so both agree on every character.
NOT_BLANK = r"\S"
# A frame longer than this is refused before it is parsed (JSON escapes make the frame longer
# than the text it carries, at most six characters for one).
MAX_FRAME_CHARS = 6 * MAX_TEXT_CHARS + 100


class Message(TypedDict):
    room: str
    user: str
    text: str
    sent_at: str


class Invalid(ValueError):
    """A client sent something that is not a message; the text says what, for the client."""


def group_name(room: str) -> str:
    return f"room.{room}"


def clean_text(payload: Any) -> str:
    """The text of a client's `{"text": "..."}`, or Invalid."""
    if not isinstance(payload, dict) or set(payload) != {"text"}:
        raise Invalid('Send a JSON object {"text": "..."}')
    text = payload["text"]
    if not isinstance(text, str) or not re.search(NOT_BLANK, text):
        raise Invalid("text must be a non-empty string")
    if len(text) > MAX_TEXT_CHARS:
        raise Invalid(f"text must be at most {MAX_TEXT_CHARS} characters")
    return text


def message_build(*, room: str, user: str, text: str) -> Message:
    return {
        "room": room,
        "user": user,
        "text": text,
        "sent_at": datetime.now(tz=UTC).isoformat(),
    }
