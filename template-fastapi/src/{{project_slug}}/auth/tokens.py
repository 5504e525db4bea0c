"""JSON Web Tokens: short-lived access tokens and longer-lived refresh tokens."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

import jwt

from ..settings import Settings

# The one algorithm tokens are signed and accepted with; `alg=none` and any other are refused.
ALGORITHM = "HS256"
TokenKind = Literal["access", "refresh"]


class InvalidTokenError(Exception):
    """The token is malformed, tampered with, expired or of the wrong kind."""


@dataclass(frozen=True, slots=True)
class TokenClaims:
    user_id: int
    issued_at: float
    """Unix time, with sub-second precision: compared with `User.tokens_not_before`."""
    token_id: str
    """The `jti` claim: a refresh token's row in `refresh_tokens`."""


def new_token_id() -> str:
    return secrets.token_urlsafe(16)


def create_token(
    user_id: int, kind: TokenKind, settings: Settings, *, token_id: str | None = None
) -> str:
    now = datetime.now(UTC)
    lifetime = (
        timedelta(minutes=settings.access_token_expire_minutes)
        if kind == "access"
        else timedelta(days=settings.refresh_token_expire_days)
    )
    claims = {
        "sub": str(user_id),
        "type": kind,
        # Sub-second precision (JWT allows it), so that a token issued just after a password
        # change is not mistaken for one issued just before.
        "iat": now.timestamp(),
        "exp": now + lifetime,
        "jti": token_id or new_token_id(),
    }
    return jwt.encode(claims, settings.secret_key.get_secret_value(), algorithm=ALGORITHM)


def read_token(token: str, kind: TokenKind, settings: Settings) -> TokenClaims:
    """The claims of a valid token of `kind`; whether its user may still use it is the caller's
    question (see `User.accepts`)."""
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
        return TokenClaims(
            user_id=int(claims["sub"]),
            issued_at=float(claims["iat"]),
            token_id=str(claims.get("jti", "")),
        )
    except (TypeError, ValueError) as exc:
        raise InvalidTokenError("malformed claims") from exc
