"""JSON Web Tokens: short-lived access tokens and longer-lived refresh tokens."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Literal

import jwt

from ..settings import Settings

# The one algorithm tokens are signed and accepted with; `alg=none` and any other are refused.
ALGORITHM = "HS256"
TokenKind = Literal["access", "refresh"]


class InvalidTokenError(Exception):
    """The token is malformed, tampered with, expired or of the wrong kind."""


def create_token(user_id: int, kind: TokenKind, settings: Settings) -> str:
    now = datetime.now(UTC)
    lifetime = (
        timedelta(minutes=settings.access_token_expire_minutes)
        if kind == "access"
        else timedelta(days=settings.refresh_token_expire_days)
    )
    claims = {
        "sub": str(user_id),
        "type": kind,
        "iat": now,
        "exp": now + lifetime,
        "jti": secrets.token_urlsafe(16),
    }
    return jwt.encode(claims, settings.secret_key.get_secret_value(), algorithm=ALGORITHM)


def read_token(token: str, kind: TokenKind, settings: Settings) -> int:
    """The user id a valid token of `kind` was issued for."""
    try:
        claims = jwt.decode(
            token,
            settings.secret_key.get_secret_value(),
            algorithms=[ALGORITHM],
            options={"require": ["exp", "iat", "sub", "type"]},
        )
    except jwt.InvalidTokenError as exc:
        raise InvalidTokenError(str(exc)) from exc
    if claims["type"] != kind:
        raise InvalidTokenError(f"expected a {kind} token")
    try:
        return int(claims["sub"])
    except (TypeError, ValueError) as exc:
        raise InvalidTokenError("malformed subject") from exc
