"""Login throttling: too many failed logins for one account lock its login for a while.

Counting is per account name tried, known or not, so the lock says nothing about which accounts
exist. Counters live in the database, so they hold across workers and restarts.
"""

from __future__ import annotations

import math
import time

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..settings import Settings
from .models import LoginThrottle


async def seconds_locked(session: AsyncSession, key: str) -> int:
    """How long logins for `key` stay refused; 0 when they are allowed."""
    row = await session.get(LoginThrottle, key)
    if row is None or row.locked_until is None:
        return 0
    return max(0, math.ceil(row.locked_until - time.time()))


async def record_failure(session: AsyncSession, key: str, settings: Settings) -> None:
    try:
        await _record_failure(session, key, settings)
    except IntegrityError:
        # A concurrent request created the row first: count on that row instead.
        await session.rollback()
        await _record_failure(session, key, settings)


async def _record_failure(session: AsyncSession, key: str, settings: Settings) -> None:
    now = time.time()
    row = await session.get(LoginThrottle, key, with_for_update=True)
    if row is None:
        row = LoginThrottle(key=key, failures=0, window_started_at=now)
        session.add(row)
    if now - row.window_started_at > settings.login_failure_window_seconds or (
        row.locked_until is not None and row.locked_until <= now
    ):
        row.failures, row.window_started_at, row.locked_until = 0, now, None
    row.failures += 1
    if row.failures >= settings.login_max_failures:
        row.locked_until = now + settings.login_lockout_seconds
    await session.commit()


async def reset(session: AsyncSession, key: str) -> None:
    await session.execute(delete(LoginThrottle).where(LoginThrottle.key == key))
    await session.commit()
