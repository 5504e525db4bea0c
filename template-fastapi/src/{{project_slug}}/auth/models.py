from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base


class LoginThrottle(Base):
    """Failed logins per account name, whether or not the account exists."""

    __tablename__ = "login_throttle"

    # The lower-cased e-mail address tried.
    key: Mapped[str] = mapped_column(String(320), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    # Unix timestamps: simple to compare on every database.
    window_started_at: Mapped[float]
    locked_until: Mapped[float | None] = mapped_column(default=None)
