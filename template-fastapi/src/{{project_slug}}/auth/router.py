from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Form, HTTPException, Request, Response, status

from ..db import SessionDep
from ..deps import SettingsDep, credentials_error
from ..errors import error_responses
from ..mail import send_mail
from ..settings import Settings
from ..users import service as users
from ..users.models import User
from . import refresh as refresh_tokens
from . import reset, throttle
from .login import LoginFailedError, LoginThrottledError, authenticate
from .schemas import (
    Accepted,
    LoginForm,
    PasswordResetConfirm,
    PasswordResetRequest,
    RefreshRequest,
    TokenPair,
)
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


RESET_REQUESTED = (
    "If an account has this address, a message with a password reset token is on its way."
)


@router.post(
    "/password-reset",
    status_code=status.HTTP_202_ACCEPTED,
    responses=error_responses(429),
    summary="Ask for a password reset e-mail",
)
async def request_password_reset(
    body: PasswordResetRequest,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    background: BackgroundTasks,
) -> Accepted:
    """E-mail a single-use reset token to the address, if an active account has it. The answer
    is the same either way. Requests for one address from one client are throttled as failed
    logins are (HTTP 429, with Retry-After)."""
    email = users.normalize_email(body.email)
    client = request.client.host if request.client else ""
    wait = await throttle.begin_attempt(
        session, email, f"reset:{client}"[:64], settings, now=time.time()
    )
    if wait:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            "Too many password reset requests; try again later",
            headers={"Retry-After": str(wait)},
        )
    token = await reset.issue(session, email, settings)
    if token is not None:
        background.add_task(send_mail, settings, **reset.reset_mail(settings, email, token))
    return Accepted(detail=RESET_REQUESTED)


@router.post(
    "/password-reset/confirm",
    responses=error_responses(400),
    summary="Set a new password with a reset token",
)
async def confirm_password_reset(body: PasswordResetConfirm, session: SessionDep) -> Accepted:
    """Set a new password with the token from the e-mail. The token then stops working, and
    every session of the account ends: log in again with the new password."""
    try:
        await reset.confirm(session, body.token, body.new_password.get_secret_value())
    except reset.ResetRefusedError:
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST, "The reset token is invalid or has expired"
        ) from None
    except reset.WeakPasswordError as exc:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, str(exc)) from None
    return Accepted(detail="The password has been changed: log in with the new one.")
