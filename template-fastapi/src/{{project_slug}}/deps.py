"""Dependencies shared by the routers, as `Annotated` aliases.

They are all `async def`, even those that never await: FastAPI runs plain `def` dependencies in
a worker thread, and that round trip costs more than the work they do.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordBearer

from .auth.tokens import InvalidTokenError, TokenClaims, read_token
from .db import SessionDep
from .settings import Settings
from .users.models import User


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings)]

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/auth/token")
TokenDep = Annotated[str, Depends(oauth2_scheme)]


def credentials_error() -> HTTPException:
    return HTTPException(
        status_code=status.HTTP_401_UNAUTHORIZED,
        detail="Could not validate credentials",
        headers={"WWW-Authenticate": "Bearer"},
    )


async def get_token_claims(settings: SettingsDep, token: TokenDep) -> TokenClaims:
    """A valid access token's claims, without a database query: for endpoints that read the
    user in their own query and pass it to `signed_in` (see items.router.read_item)."""
    try:
        return read_token(token, "access", settings)
    except InvalidTokenError:
        raise credentials_error() from None


TokenClaimsDep = Annotated[TokenClaims, Depends(get_token_claims)]


def signed_in(user: User | None, claims: TokenClaims) -> User:
    """The token's user, if the token still signs them in (`User.accepts`), else 401: the
    check of `CurrentUser`, and of endpoints that read the user in their own query."""
    if user is None or not user.accepts(claims.issued_at):
        raise credentials_error()
    return user


async def get_current_user(session: SessionDep, claims: TokenClaimsDep) -> User:
    return signed_in(await session.get(User, claims.user_id), claims)


CurrentUser = Annotated[User, Depends(get_current_user)]


async def get_current_superuser(user: CurrentUser) -> User:
    if not user.is_superuser:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Administrators only")
    return user


CurrentSuperuser = Annotated[User, Depends(get_current_superuser)]
