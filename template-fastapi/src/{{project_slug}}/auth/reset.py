"""Password reset by e-mail.

`POST /auth/password-reset` answers the same for every address; for an active account it
stores the SHA-256 of a new random token and e-mails the token. `POST
/auth/password-reset/confirm` with the token sets a new password. A token works once and until
PASSWORD_RESET_EXPIRE_MINUTES, and not after the password changed since it was issued (by
this or any other means); a reset signs the user out everywhere (access tokens refused,
refresh tokens revoked) and voids the user's other reset tokens.
"""

from __future__ import annotations

import hashlib
import secrets
import time

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from ..security import hash_password, password_problems
from ..settings import Settings
from ..users import service as users
from ..users.models import User
from .models import PasswordResetToken, RefreshToken


class ResetRefusedError(Exception):
    """The token is unknown, used, expired, or older than the user's last password change."""


class WeakPasswordError(ValueError):
    """The new password breaks the strength rules; the token stays usable."""


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def issue(session: AsyncSession, email: str, settings: Settings) -> str | None:
    """A new reset token for the active user with this address, or None if there is none.
    Forgets expired tokens of everyone. Commits."""
    now = time.time()
    await session.execute(delete(PasswordResetToken).where(PasswordResetToken.expires_at < now))
    user = await users.get_by_email(session, email)
    if user is None or not user.is_active:
        await session.commit()
        return None
    token = secrets.token_urlsafe(32)
    session.add(
        PasswordResetToken(
            digest=_digest(token),
            user_id=user.id,
            issued_at=now,
            expires_at=now + settings.password_reset_expire_minutes * 60,
        )
    )
    await session.commit()
    return token


def reset_mail(settings: Settings, email: str, token: str) -> dict[str, str]:
    minutes = settings.password_reset_expire_minutes
    body = (
        "Someone, hopefully you, asked to reset the password of the account with this e-mail "
        "address. Choose a new password here:\n\n"
        f"{settings.password_reset_url}?token={token}\n\n"
        f"or send this token with the new password to /auth/password-reset/confirm:\n\n"
        f"{token}\n\n"
        f"It works once, for {minutes} minutes. If you did not ask, ignore this message: "
        "your password stays as it is.\n"
    )
    return {"to": email, "subject": "Reset your password", "body": body}


async def confirm(session: AsyncSession, token: str, new_password: str) -> User:
    """Set the password of the token's user and use the token up. Commits."""
    digest = _digest(token)
    stored = await session.get(PasswordResetToken, digest)
    user = await session.get(User, stored.user_id) if stored is not None else None
    if (
        stored is None
        or user is None
        or stored.expires_at < time.time()
        or not user.is_active
        or stored.issued_at < user.tokens_not_before
    ):
        raise ResetRefusedError
    problems = password_problems(new_password, email=user.email)
    if problems:
        raise WeakPasswordError(" ".join(problems))
    # End the read before hashing: SQLite's write lock must not be held meanwhile.
    await session.commit()
    password_hash = await hash_password(new_password)
    # Deleting the token is what uses it: of two concurrent confirmations, one deletes it.
    used = await session.scalar(
        delete(PasswordResetToken)
        .where(PasswordResetToken.digest == digest)
        .returning(PasswordResetToken.digest)
    )
    if used is None:
        await session.rollback()
        raise ResetRefusedError
    await session.execute(delete(PasswordResetToken).where(PasswordResetToken.user_id == user.id))
    await session.execute(
        update(RefreshToken).where(RefreshToken.user_id == user.id).values(revoked=True)
    )
    user.password_hash = password_hash
    # Access tokens issued before now are refused from now on.
    user.tokens_not_before = time.time()
    await session.commit()
    return user
