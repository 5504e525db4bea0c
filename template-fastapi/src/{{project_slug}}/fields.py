"""Field types shared by the schemas and the parameters.

Every value a request carries to the database is bounded by what the database takes, so that
input which passes validation never fails in the database (a 500): integers within the
column's range, text without what PostgreSQL or the UTF-8 codec refuses.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, EmailStr, Field, SecretStr

from .security import MIN_PASSWORD_LENGTH

# The largest value of a 32-bit integer column (PostgreSQL's `integer`, SQLAlchemy's `Integer`):
# what ids are stored in, and more rows than an offset may usefully skip.
INT32_MAX = 2**31 - 1


def _assume_utc(value: datetime) -> datetime:
    # SQLite returns naive datetimes; the database clock (CURRENT_TIMESTAMP) is UTC.
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


UtcDatetime = Annotated[datetime, AfterValidator(_assume_utc)]
"""A datetime that always carries its time zone (UTC when the database dropped it)."""


def _digits(value: Any) -> Any:
    # Parameters arrive as text, and Python's int() (so pydantic's) also reads " 1", "+1",
    # "1_0" and "1.0" as numbers: one id would have several URLs, and requests the schema calls
    # invalid would be served. Only ASCII digits are a number here (true is not one either).
    if isinstance(value, bool) or (
        isinstance(value, str) and not (value.isascii() and value.isdigit())
    ):
        raise ValueError("Expected a whole number written in digits.")
    return value


Digits = BeforeValidator(_digits)
"""For integer parameters: `Annotated[int, Field(...), Digits]` (after Field: before it, the
bounds would be left out of the OpenAPI schema)."""

Id = Annotated[int, Field(ge=1, le=INT32_MAX), Digits]
"""A row id, as a path or query parameter."""

Offset = Annotated[int, Field(ge=0, le=INT32_MAX), Digits]
"""How many rows to skip."""


def _storable(value: str) -> str:
    # A lone surrogate (JSON allows "\ud800") cannot be encoded as UTF-8, and PostgreSQL refuses
    # NUL in text: both would fail in the database instead of here.
    if "\x00" in value:
        raise ValueError("Text may not contain NUL characters.")
    try:
        value.encode()
    except UnicodeEncodeError:
        raise ValueError("Text must be valid Unicode (no lone surrogates).") from None
    return value


Storable = AfterValidator(_storable)
"""The check every text a request sends gets, after its length limits:
`Annotated[str, Field(max_length=255), Storable]`."""

Text = Annotated[str, Storable]
"""Text without length limits of its own."""

Email = Annotated[EmailStr, Storable]
"""An e-mail address (e-mail addresses may be internationalized, so they are checked too)."""


def _storable_secret(value: SecretStr) -> SecretStr:
    _storable(value.get_secret_value())
    return value


Password = Annotated[SecretStr, Field(max_length=128), AfterValidator(_storable_secret)]
"""A password as sent: hashed as UTF-8, so held to the same rules as text."""

NewPassword = Annotated[Password, Field(json_schema_extra={"minLength": MIN_PASSWORD_LENGTH})]
"""A password being set: its minimum length is in the schema too, checked with the other
strength rules (`security.password_problems`, which a schema cannot express) and their
messages."""


def _present(value: Any) -> Any:
    if value is None:
        raise ValueError("May be left out, but not null.")
    return value


NotNull = AfterValidator(_present)
"""For update schemas, beside `WithJsonSchema` without null: a field that may be left out but
not sent as null, because its column is NOT NULL (defaults are not validated, so leaving it out
stays allowed)."""
