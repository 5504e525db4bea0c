"""Signing in with an e-mail address and a password: the one implementation of the check, with
its throttling, for the API's token endpoint and for any other way in (pages, the admin)."""

from __future__ import annotations

import time

from sqlalchemy.ext.asyncio import AsyncSession

from ..security import verify_password
from ..settings import Settings
from ..users import service as users
from ..users.models import User
from . import throttle


class LoginThrottledError(Exception):
    """Too many failed attempts at this account from this client: wait `retry_after` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


class LoginFailedError(Exception):
    """Unknown address, wrong password or inactive account: deliberately not told apart."""


async def authenticate(
    session: AsyncSession, email: str, password: str, *, client: str, settings: Settings
) -> User:
    """The active user with this address and password. Every attempt counts towards the
    throttling of this account for this client (see throttle.py) before the password is
    checked; a success clears the client's failures."""
    account = users.normalize_email(email)
    wait = await throttle.begin_attempt(session, account, client, settings, now=time.time())
    if wait:
        raise LoginThrottledError(wait)
    user = await users.get_by_email(session, account)
    # End the transaction before hashing: it must not hold SQLite's write lock meanwhile.
    await session.commit()
    # Always verify a hash, a dummy one for unknown users, so timing reveals nothing.
    valid = await verify_password(password, user.password_hash if user else None)
    if user is None or not valid or not user.is_active:
        raise LoginFailedError
    await throttle.succeeded(session, account, client)
    return user
