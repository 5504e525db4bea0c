from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, status

from ..db import SessionDep
from ..deps import SettingsDep, credentials_error
from ..errors import error_responses
from ..security import verify_password
from ..settings import Settings
from ..users import service as users
from ..users.models import User
from . import throttle
from .schemas import LoginForm, RefreshRequest, TokenPair
from .tokens import InvalidTokenError, create_token, read_token

router = APIRouter(prefix="/auth", tags=["auth"])


def _token_pair(user: User, settings: Settings) -> TokenPair:
    return TokenPair(
        access_token=create_token(user.id, "access", settings),
        refresh_token=create_token(user.id, "refresh", settings),
        expires_in=settings.access_token_expire_minutes * 60,
    )


@router.post(
    "/token",
    responses=error_responses(401, 429),
    summary="Log in (OAuth2 password flow)",
)
async def login(
    form: Annotated[LoginForm, Form()],
    session: SessionDep,
    settings: SettingsDep,
) -> TokenPair:
    """Exchange an e-mail address (as `username`) and password for an access and a refresh
    token. Repeated failures for one account lock its login for a while (HTTP 429)."""
    key = users.normalize_email(form.username)
    locked_for = await throttle.seconds_locked(session, key)
    if locked_for:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            "Too many failed logins; try again later",
            headers={"Retry-After": str(locked_for)},
        )
    user = await users.get_by_email(session, key)
    # Always verify a hash, a dummy one for unknown users, so timing reveals nothing.
    valid = await verify_password(
        form.password.get_secret_value(), user.password_hash if user else None
    )
    if user is None or not valid or not user.is_active:
        await throttle.record_failure(session, key, settings)
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "Incorrect e-mail address or password",
            headers={"WWW-Authenticate": "Bearer"},
        )
    await throttle.reset(session, key)
    return _token_pair(user, settings)


@router.post("/refresh", responses=error_responses(401), summary="Renew the tokens")
async def refresh(body: RefreshRequest, session: SessionDep, settings: SettingsDep) -> TokenPair:
    try:
        claims = read_token(body.refresh_token, "refresh", settings)
    except InvalidTokenError:
        raise credentials_error() from None
    user = await session.get(User, claims.user_id)
    if user is None or not user.accepts(claims.issued_at):
        raise credentials_error()
    return _token_pair(user, settings)
