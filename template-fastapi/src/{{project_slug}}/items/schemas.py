from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

from ..fields import NotNull, Storable, UtcDatetime

Title = Annotated[str, Field(min_length=1, max_length=255), Storable]
Description = Annotated[str, Field(max_length=10_000), Storable]


class ItemCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Title
    description: Description | None = None


class ItemUpdate(BaseModel):
    """Only the fields sent are changed."""

    model_config = ConfigDict(extra="forbid")

    title: Annotated[
        Title | None,
        NotNull,
        WithJsonSchema({"type": "string", "minLength": 1, "maxLength": 255}),
    ] = None
    description: Description | None = None


class ItemPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    description: str | None
    owner_id: int
    created_at: UtcDatetime
    updated_at: UtcDatetime
