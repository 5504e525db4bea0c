from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, TimestampMixin

if TYPE_CHECKING:
    from ..items.models import Item


class User(TimestampMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased (see users.service), so the unique index is case-insensitive in effect.
    email: Mapped[str] = mapped_column(String(320), unique=True, index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    full_name: Mapped[str | None] = mapped_column(String(255), default=None)
    is_active: Mapped[bool] = mapped_column(default=True)
    is_superuser: Mapped[bool] = mapped_column(default=False)
    # Tokens issued before this Unix time are refused: changing the password moves it to now,
    # which signs the user out everywhere.
    tokens_not_before: Mapped[float] = mapped_column(default=0.0, server_default="0")

    def accepts(self, token_issued_at: float) -> bool:
        """Whether a token issued at this Unix time still signs this user in."""
        return self.is_active and token_issued_at >= self.tokens_not_before

    items: Mapped[list[Item]] = relationship(
        back_populates="owner", cascade="all, delete-orphan", passive_deletes=True, lazy="raise"
    )

    def __str__(self) -> str:
        return self.email
