from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request, Response, status

from ..db import SessionDep
from ..deps import SettingsDep, credentials_error
from ..errors import error_responses
from ..settings import Settings
from ..users.models import User
from . import refresh as refresh_tokens
from .login import LoginFailedError, LoginThrottledError, authenticate
from .schemas import LoginForm, RefreshRequest, TokenPair
from .tokens import InvalidTokenError, TokenClaims, create_token, read_token

router = APIRouter(prefix="/auth", tags=["auth"])


def _token_pair(user: User, refresh_token: str, settings: Settings) -> TokenPair:
    return TokenPair(
        access_token=create_token(user.id, "access", settings),
        refresh_token=refresh_token,
        expires_in=settings.access_token_expire_minutes * 60,
    )


@router.post(
    "/token",
    responses=error_responses(401, 429),
    summary="Log in (OAuth2 password flow)",
)
async def login(
    form: Annotated[LoginForm, Form()],
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
) -> TokenPair:
    """Exchange an e-mail address (as `username`) and password for an access and a refresh
    token. Failed attempts slow down, then lock, further attempts at that account from the same
    client for a while (HTTP 429, with Retry-After)."""
    client = request.client.host if request.client else ""
    try:
        password = form.password.get_secret_value()
        user = await authenticate(
            session, form.username, password, client=client, settings=settings
        )
    except LoginThrottledError as exc:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            "Too many failed logins; try again later",
            headers={"Retry-After": str(exc.retry_after)},
        ) from None
    except LoginFailedError:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "Incorrect e-mail address or password",
            headers={"WWW-Authenticate": "Bearer"},
        ) from None
    await refresh_tokens.forget_expired(session, user)
    refresh_token = refresh_tokens.issue(session, user, settings, family=None)
    await session.commit()
    return _token_pair(user, refresh_token, settings)


def _refresh_claims(body: RefreshRequest, settings: Settings) -> TokenClaims:
    try:
        return read_token(body.refresh_token, "refresh", settings)
    except InvalidTokenError:
        raise credentials_error() from None


@router.post("/refresh", responses=error_responses(401), summary="Renew the tokens")
async def refresh(body: RefreshRequest, session: SessionDep, settings: SettingsDep) -> TokenPair:
    """Exchange a refresh token for a new pair. Each refresh token works once: presenting one
    again revokes every token issued from the same login."""
    claims = _refresh_claims(body, settings)
    try:
        user, refresh_token = await refresh_tokens.rotate(session, claims, settings)
    except refresh_tokens.RefreshRefusedError:
        raise credentials_error() from None
    return _token_pair(user, refresh_token, settings)


@router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(401),
    summary="Log out (revoke the refresh token)",
)
async def logout(body: RefreshRequest, session: SessionDep, settings: SettingsDep) -> Response:
    """Revoke this refresh token and every token renewed from the same login. Access tokens
    already issued stay valid until they expire, in minutes."""
    await refresh_tokens.revoke(session, _refresh_claims(body, settings))
    return Response(status_code=status.HTTP_204_NO_CONTENT)
