"""Offset pagination: the query parameters and the page envelope."""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel, Field

from .fields import Digits, Offset

T = TypeVar("T")


class PageParams(BaseModel):
    model_config = {"extra": "forbid"}

    limit: Annotated[int, Digits] = Field(
        default=50, ge=1, le=100, description="How many items to return"
    )
    offset: Offset = Field(default=0, description="How many items to skip")


PageDep = Annotated[PageParams, Query()]


class Page(BaseModel, Generic[T]):
    """One page of results; `total` counts all results across pages."""

    items: list[T]
    total: int
    limit: int
    offset: int
