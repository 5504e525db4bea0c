from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base


class World(Base):
    """TechEmpower's World table: ids 1..10000, each with a random number in 1..10000."""

    __tablename__ = "world"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    random_number: Mapped[int] = mapped_column("randomnumber")


class Fortune(Base):
    """TechEmpower's Fortune table: twelve fortunes, one of them an XSS attempt."""

    __tablename__ = "fortune"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    message: Mapped[str] = mapped_column(String(2048))
