"""The error body every non-validation error uses, and its OpenAPI description."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class ErrorDetail(BaseModel):
    detail: str


_DESCRIPTIONS = {
    400: "The request cannot be processed",
    401: "Missing, invalid or expired credentials",
    403: "Not allowed for this user",
    404: "Not found (or not yours)",
    409: "Conflicts with an existing resource",
    429: "Too many attempts; retry after the `Retry-After` header's seconds",
    503: "A service the app depends on is unavailable",
}


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for these status codes, all with the `ErrorDetail` body."""
    return {code: {"model": ErrorDetail, "description": _DESCRIPTIONS[code]} for code in codes}
