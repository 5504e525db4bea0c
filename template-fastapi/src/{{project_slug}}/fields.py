"""Field types shared by the schemas."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator


def _assume_utc(value: datetime) -> datetime:
    # SQLite returns naive datetimes; the database clock (CURRENT_TIMESTAMP) is UTC.
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


UtcDatetime = Annotated[datetime, AfterValidator(_assume_utc)]
"""A datetime that always carries its time zone (UTC when the database dropped it)."""
