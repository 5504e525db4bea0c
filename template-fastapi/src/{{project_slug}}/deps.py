"""Dependencies shared by the routers, as `Annotated` aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordBearer

from .auth.tokens import InvalidTokenError, read_token
from .db import SessionDep
from .settings import Settings
from .users.models import User


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings)]

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/auth/token", refreshUrl="/auth/refresh")
TokenDep = Annotated[str, Depends(oauth2_scheme)]


def credentials_error() -> HTTPException:
    return HTTPException(
        status_code=status.HTTP_401_UNAUTHORIZED,
        detail="Could not validate credentials",
        headers={"WWW-Authenticate": "Bearer"},
    )


async def get_current_user(session: SessionDep, settings: SettingsDep, token: TokenDep) -> User:
    try:
        user_id = read_token(token, "access", settings)
    except InvalidTokenError:
        raise credentials_error() from None
    user = await session.get(User, user_id)
    if user is None or not user.is_active:
        raise credentials_error()
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


def get_current_superuser(user: CurrentUser) -> User:
    if not user.is_superuser:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Administrators only")
    return user


CurrentSuperuser = Annotated[User, Depends(get_current_superuser)]
