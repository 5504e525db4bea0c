"""Who is on the socket: the session (a logged-in browser) or the API's JWT access token.

A browser cannot set headers on a websocket, so the token travels as a subprotocol:
`new WebSocket(url, ["bearer", accessToken])`; the server answers with the `bearer` subprotocol
only, never echoing the token. Other clients may send `Authorization: Bearer <token>` instead.
A token in the query string is not read: URLs end up in proxy and server logs.
The token is checked by the API's own JWTAuthentication (expiry, signature, and tokens issued
before the user's last password change refused).
"""

from typing import Any
from urllib.parse import urlparse

from channels.auth import AuthMiddlewareStack
from channels.db import database_sync_to_async
from channels.middleware import BaseMiddleware
from channels.security.websocket import AllowedHostsOriginValidator, OriginValidator
from django.contrib.auth.base_user import AbstractBaseUser
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError

from ..users.tokens import JWTAuthentication

BEARER = "bearer"
# Close codes in the range applications may use (4000-4999), like HTTP's statuses.
CLOSE_FORBIDDEN = 4403
CLOSE_UNAUTHENTICATED = 4401
CLOSE_NOT_FOUND = 4404


def bearer_token(scope: dict[str, Any]) -> str | None:
    """The token a client offered, in the subprotocols or the Authorization header."""
    subprotocols: list[str] = list(scope.get("subprotocols") or [])
    if len(subprotocols) == 2 and subprotocols[0] == BEARER:
        return subprotocols[1]
    headers: list[tuple[bytes, bytes]] = list(scope.get("headers") or [])
    for name, value in headers:
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() == BEARER and token:
                return token.strip()
    return None


@database_sync_to_async
def user_from_token(raw: str) -> AbstractBaseUser | None:
    authentication = JWTAuthentication()
    try:
        return authentication.get_user(authentication.get_validated_token(raw.encode()))
    except (InvalidToken, TokenError):
        return None


async def refuse(receive: Any, send: Any, code: int) -> None:
    """Refuse a websocket handshake (the client gets a 403) without starting a consumer."""
    await receive()  # the client's websocket.connect
    await send({"type": "websocket.close", "code": code})


class TokenAuthMiddleware(BaseMiddleware):
    """Sets scope["user"] from a bearer token when the session did not log anyone in, and
    refuses the socket when neither names an active user."""

    async def __call__(self, scope: Any, receive: Any, send: Any) -> Any:
        user = scope.get("user")
        if user is None or not user.is_authenticated:
            raw = bearer_token(scope)
            user = await user_from_token(raw) if raw else None
            if user is None or not user.is_active:
                return await refuse(receive, send, CLOSE_UNAUTHENTICATED)
            scope = {**scope, "user": user}
        return await super().__call__(scope, receive, send)


def RealtimeAuthStack(inner: Any) -> Any:
    """Named like channels' AuthMiddlewareStack, which it wraps.

    The session's user first (channels' stack: cookies, session, auth), then the token's."""
    return AuthMiddlewareStack(TokenAuthMiddleware(inner))


class RefusingOriginValidator(OriginValidator):
    """Channels' OriginValidator, refusing a foreign page's socket with `refuse` (Channels'
    own refusal starts a consumer, whose channel-layer reads outlive the handshake)."""

    async def __call__(self, scope: Any, receive: Any, send: Any) -> Any:
        header = next((value for name, value in scope["headers"] if name == b"origin"), None)
        origin = urlparse(header.decode("latin-1")) if header is not None else None
        if self.valid_origin(origin):
            inner: Any = self.application
            return await inner(scope, receive, send)
        return await refuse(receive, send, CLOSE_FORBIDDEN)


def AllowedHostsOriginCheck(inner: Any) -> Any:
    """Channels' AllowedHostsOriginValidator (a socket must come from a page of ALLOWED_HOSTS;
    one without an Origin header is refused too), refusing as `refuse` does."""
    validator = AllowedHostsOriginValidator(inner)
    return RefusingOriginValidator(validator.application, validator.allowed_origins)
