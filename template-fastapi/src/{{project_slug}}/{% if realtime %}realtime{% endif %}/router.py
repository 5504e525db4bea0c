"""`WS /ws/rooms/{room}`: a room's messages, both ways; `POST /rooms/{room}/messages`: one more.

A browser cannot set headers on a websocket, and a token in the URL ends up in access logs and
browser history, so the socket carries the access token in its subprotocols:
`new WebSocket(url, ["bearer", accessToken])`. The server answers with the `bearer` subprotocol
only: the token never comes back. A socket without a valid token is refused before it opens
(close code 1008, an HTTP 403 to the handshake). An open socket closes with code 4001 when its
token expires: the client signs in again (`POST /auth/refresh`) and reconnects.

A client sends `{"text": "..."}`; everyone in the room, the sender too, receives
`{"room", "user", "text", "sent_at"}`. A frame that is not such a message gets an
`{"error": "..."}` frame back; one longer than any message closes the socket (1009).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request, WebSocket, status
from pydantic import ValidationError
from redis.exceptions import RedisError
from starlette.websockets import WebSocketState

from ..auth.tokens import InvalidTokenError, read_token
from ..deps import CurrentUser
from ..errors import error_responses
from ..settings import Settings
from ..users.models import User
from .hub import Hub, Outbox
from .schemas import MAX_FRAME_LENGTH, ErrorFrame, MessageCreate, MessagePublic, RoomName
from .settings import get_realtime_settings

logger = logging.getLogger(__name__)

SUBPROTOCOL = "bearer"
# Close codes: RFC 6455's, and one of the range left to applications.
POLICY_VIOLATION = 1008
TOO_BIG = 1009
TRY_AGAIN_LATER = 1013
TOKEN_EXPIRED = 4001


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    hub = Hub(get_realtime_settings())
    app.state.realtime_hub = hub
    async with hub.running():
        yield


async def get_hub(request: Request) -> Hub:
    hub: Hub = request.app.state.realtime_hub
    return hub


HubDep = Annotated[Hub, Depends(get_hub)]

router = APIRouter(tags=["realtime"], lifespan=lifespan)


def _now() -> datetime:
    return datetime.now(UTC)


@router.post(
    "/rooms/{room}/messages",
    status_code=status.HTTP_202_ACCEPTED,
    responses=error_responses(401, 503),
)
async def post_message(
    room: RoomName, body: MessageCreate, user: CurrentUser, hub: HubDep
) -> MessagePublic:
    """Send a message to everyone in the room, as the signed-in user. Accepted (202) once Redis
    has it; the sockets receive it a moment later."""
    message = MessagePublic(room=room, user=user.id, text=body.text, sent_at=_now())
    try:
        await hub.publish(message)
    except RedisError:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE, "The rooms are unavailable; retry later"
        ) from None
    return message


async def _authenticate(websocket: WebSocket) -> tuple[User, float] | None:
    """The user whose access token the socket offers, and when the token expires (Unix time)."""
    offered = websocket.scope.get("subprotocols") or []
    if len(offered) != 2 or offered[0] != SUBPROTOCOL:
        return None
    settings: Settings = websocket.app.state.settings
    try:
        claims = read_token(offered[1], "access", settings)
    except InvalidTokenError:
        return None
    async with websocket.app.state.read_sessionmaker() as session:
        user = await session.get(User, claims.user_id)
    if user is None or not user.accepts(claims.issued_at):
        return None
    # Access tokens live this long from when they were issued (auth.tokens.create_token).
    return user, claims.issued_at + settings.access_token_expire_minutes * 60


def _error(text: str) -> str:
    return ErrorFrame(error=text).model_dump_json()


async def _receive(websocket: WebSocket, hub: Hub, outbox: Outbox, room: str, user: int) -> int:
    """Publish what the client sends until it leaves (0) or must be closed (the close code)."""
    while True:
        event = await websocket.receive()
        if event["type"] == "websocket.disconnect":
            return 0
        text = event.get("text")
        if text is None:
            outbox.offer(_error('Send text frames: {"text": "..."}'))
            continue
        if len(text) > MAX_FRAME_LENGTH:
            return TOO_BIG
        try:
            incoming = MessageCreate.model_validate_json(text)
        except ValidationError as exc:
            problem = exc.errors()[0]
            where = ".".join(str(part) for part in problem["loc"]) or "message"
            outbox.offer(_error(f'Send {{"text": "..."}}: {where}: {problem["msg"]}'))
            continue
        message = MessagePublic(room=room, user=user, text=incoming.text, sent_at=_now())
        try:
            await hub.publish(message)
        except RedisError:
            outbox.offer(_error("The rooms are unavailable; the message was not sent"))


async def _send(websocket: WebSocket, outbox: Outbox) -> None:
    while True:
        await websocket.send_text(await outbox.queue.get())


@router.websocket("/ws/rooms/{room}")
async def room_socket(websocket: WebSocket, room: RoomName) -> None:
    """The room's messages as they come, and the client's own messages into the room."""
    authenticated = await _authenticate(websocket)
    if authenticated is None:
        await websocket.close(POLICY_VIOLATION, "A valid access token is required")
        return
    user, expires_at = authenticated
    hub: Hub = websocket.app.state.realtime_hub
    # In the room before the handshake completes: a client hears every message sent after it
    # connected (they wait in its outbox until the sender starts).
    with hub.join(room) as outbox:
        await websocket.accept(subprotocol=SUBPROTOCOL)
        receiver = asyncio.create_task(_receive(websocket, hub, outbox, room, user.id))
        sender = asyncio.create_task(_send(websocket, outbox))
        too_slow = asyncio.create_task(outbox.too_slow.wait())
        done, pending = await asyncio.wait(
            {receiver, sender, too_slow},
            timeout=max(expires_at - time.time(), 0),
            return_when=asyncio.FIRST_COMPLETED,
        )
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
    for task in done:
        if not task.cancelled() and task.exception() is not None:
            # The client went away while it was being written to.
            logger.debug("A room socket ended: %r", task.exception())
    if too_slow in done:
        code, reason = TRY_AGAIN_LATER, "Too slow to follow the room"
    elif not done:
        code, reason = TOKEN_EXPIRED, "The access token expired"
    elif receiver in done and receiver.exception() is None and receiver.result() == TOO_BIG:
        code, reason = TOO_BIG, "Message too big"
    else:
        return  # the client left, or could no longer be written to
    if websocket.client_state is WebSocketState.CONNECTED:
        await websocket.close(code, reason)


def install(app: FastAPI) -> None:
    app.include_router(router)
