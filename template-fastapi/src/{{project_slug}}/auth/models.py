from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base


class LoginThrottle(Base):
    """Login attempts per account name and client address, whether or not the account exists
    (see throttle.py)."""

    __tablename__ = "login_throttle"

    # The lower-cased e-mail address tried, and the address the attempt came from.
    account: Mapped[str] = mapped_column(String(320), primary_key=True)
    client: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    # Unix timestamps: simple to compare on every database.
    window_started_at: Mapped[float]
    # No attempt before this time: the progressive delay, or the lockout.
    retry_at: Mapped[float] = mapped_column(default=0.0)
    # When the row stops mattering; rows past it are deleted.
    expires_at: Mapped[float] = mapped_column(index=True)


class RefreshToken(Base):
    """An issued refresh token. Each refresh uses it up and issues the next of its family; a
    used or revoked token presented again revokes the whole family (someone holds a copy)."""

    __tablename__ = "refresh_tokens"

    # The token's `jti` claim.
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    # The `id` of the family's first token, issued at login.
    family: Mapped[str] = mapped_column(String(64), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    expires_at: Mapped[float]
    used: Mapped[bool] = mapped_column(default=False)
    revoked: Mapped[bool] = mapped_column(default=False)


class PasswordResetToken(Base):
    """A password reset token sent by e-mail (see reset.py). Only its hash is stored; it works
    once, until `expires_at`, and not after a password change."""

    __tablename__ = "password_reset_tokens"

    # SHA-256 of the token, in hex: the token itself exists only in the e-mail.
    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # Unix timestamps; a token issued before the user's `tokens_not_before` is refused.
    issued_at: Mapped[float]
    expires_at: Mapped[float] = mapped_column(index=True)
