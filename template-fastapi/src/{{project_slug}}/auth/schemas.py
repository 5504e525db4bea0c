from __future__ import annotations

from typing import Literal

from pydantic import BaseModel


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - a token type, not a secret
    expires_in: int
    """Seconds until the access token expires."""


class RefreshRequest(BaseModel):
    refresh_token: str
