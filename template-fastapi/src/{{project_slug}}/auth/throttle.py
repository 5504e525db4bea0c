"""Login throttling, per account name AND client address, known accounts or not.

Every attempt is counted before its password is checked, in one locked row, so concurrent
guesses cannot overtake the count. After a failure the next attempt from that client for that
account must wait (LOGIN_DELAY_SECONDS, doubling with each failure); LOGIN_MAX_FAILURES failures
within LOGIN_FAILURE_WINDOW_SECONDS lock that account for that client for
LOGIN_LOCKOUT_SECONDS. A stranger's failures therefore lock only the stranger out, never the
owner logging in from elsewhere. Rows expire once they say nothing any more and are deleted on
the next attempt, so guesses at unknown addresses leave nothing behind. Counters live in the
database, so they hold across workers and restarts.
"""

from __future__ import annotations

import math

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..settings import Settings
from .models import LoginThrottle


async def begin_attempt(
    session: AsyncSession, account: str, client: str, settings: Settings, *, now: float
) -> int:
    """Count an attempt and return 0, or return how many seconds the client must wait first.
    Commits: the count holds whatever happens next."""
    try:
        return await _begin_attempt(session, account, client, settings, now)
    except IntegrityError:
        # A concurrent request created the row first: count on that row instead.
        await session.rollback()
        return await _begin_attempt(session, account, client, settings, now)


async def _begin_attempt(
    session: AsyncSession, account: str, client: str, settings: Settings, now: float
) -> int:
    await session.execute(delete(LoginThrottle).where(LoginThrottle.expires_at < now))
    row = await session.get(LoginThrottle, (account, client), with_for_update=True)
    if row is None:
        row = LoginThrottle(
            account=account,
            client=client,
            failures=0,
            window_started_at=now,
            retry_at=0.0,
            expires_at=now,
        )
        session.add(row)
    if row.retry_at > now:
        await session.commit()
        return math.ceil(row.retry_at - now)
    if now - row.window_started_at > settings.login_failure_window_seconds:
        row.failures, row.window_started_at = 0, now
    # Counted as a failure until `succeeded` says otherwise.
    row.failures += 1
    if row.failures >= settings.login_max_failures:
        row.retry_at = now + settings.login_lockout_seconds
    elif settings.login_delay_seconds:
        row.retry_at = now + settings.login_delay_seconds * 2 ** (row.failures - 1)
    window_ends = row.window_started_at + settings.login_failure_window_seconds
    row.expires_at = max(window_ends, row.retry_at)
    await session.commit()
    return 0


async def succeeded(session: AsyncSession, account: str, client: str) -> None:
    """The attempt was right: forget this client's failures for this account."""
    await session.execute(
        delete(LoginThrottle).where(
            LoginThrottle.account == account, LoginThrottle.client == client
        )
    )
    await session.commit()
