"""Refresh tokens, stored server-side: rotation with reuse detection, and revocation.

Each refresh token can be used once: using it issues the next token of its family (the tokens
descending from one login). A token used or revoked before and presented again means that two
parties hold it, so the whole family is revoked: whoever stole it and the user alike must log in
again. Logging out revokes the family.
"""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from ..settings import Settings
from ..users.models import User
from .models import RefreshToken
from .tokens import TokenClaims, create_token, new_token_id


class RefreshRefusedError(Exception):
    """The refresh token is unknown, used up, revoked or its user no longer accepts it."""


def issue(session: AsyncSession, user: User, settings: Settings, *, family: str | None) -> str:
    """A new refresh token for `user`, of `family` (None: a new family, at login). The caller
    commits."""
    token_id = new_token_id()
    lifetime = timedelta(days=settings.refresh_token_expire_days).total_seconds()
    token = create_token(user.id, "refresh", settings, token_id=token_id)
    session.add(
        RefreshToken(
            id=token_id,
            family=family or token_id,
            user_id=user.id,
            expires_at=time.time() + lifetime,
        )
    )
    return token


async def forget_expired(session: AsyncSession, user: User) -> None:
    """Delete the user's expired tokens: their JWTs are refused anyway. The caller commits."""
    await session.execute(
        delete(RefreshToken).where(
            RefreshToken.user_id == user.id, RefreshToken.expires_at < time.time()
        )
    )


async def rotate(
    session: AsyncSession, claims: TokenClaims, settings: Settings
) -> tuple[User, str]:
    """Use up the refresh token of these (verified) claims: its user and the family's next
    token. Commits, also when it refuses, so that a detected reuse stays revoked."""
    stored = await session.get(RefreshToken, claims.token_id, with_for_update=True)
    if stored is None or stored.user_id != claims.user_id:
        raise RefreshRefusedError
    if stored.used or stored.revoked:
        await revoke_family(session, stored.family)
        raise RefreshRefusedError
    user = await session.get(User, stored.user_id)
    if user is None or not user.accepts(claims.issued_at):
        raise RefreshRefusedError
    stored.used = True
    token = issue(session, user, settings, family=stored.family)
    await session.commit()
    return user, token


async def revoke(session: AsyncSession, claims: TokenClaims) -> None:
    """Log out: revoke the family of this refresh token. Commits."""
    stored = await session.get(RefreshToken, claims.token_id)
    if stored is not None and stored.user_id == claims.user_id:
        await revoke_family(session, stored.family)


async def revoke_family(session: AsyncSession, family: str) -> None:
    await session.execute(
        update(RefreshToken).where(RefreshToken.family == family).values(revoked=True)
    )
    await session.commit()
