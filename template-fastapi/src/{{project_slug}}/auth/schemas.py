from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..fields import Email, NewPassword, Password, Storable


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - a token type, not a secret
    expires_in: int
    """Seconds until the access token expires."""


class RefreshRequest(BaseModel):
    refresh_token: Annotated[str, Field(max_length=4096), Storable]


class LoginForm(BaseModel):
    """The OAuth2 password flow's form, as FastAPI's `OAuth2PasswordRequestForm`, with the limits
    of what is stored: an e-mail address has at most 320 characters."""

    grant_type: Literal["password"] | None = None
    username: Annotated[str, Field(max_length=320), Storable]
    password: Password
    scope: str = ""


class PasswordResetRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: Email


class PasswordResetConfirm(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # secrets.token_urlsafe(32) makes 43 characters.
    token: Annotated[str, Field(min_length=1, max_length=128), Storable]
    new_password: NewPassword = Field(examples=["correct horse battery staple"])


class Accepted(BaseModel):
    detail: str
