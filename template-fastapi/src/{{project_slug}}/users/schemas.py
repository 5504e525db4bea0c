from __future__ import annotations

from pydantic import (
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    SecretStr,
    ValidationInfo,
    field_validator,
)

from ..fields import UtcDatetime
from ..security import password_problems


def _check_password(password: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
    if password is not None:
        problems = password_problems(password.get_secret_value(), email=info.data.get("email"))
        if problems:
            raise ValueError(" ".join(problems))
    return password


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: EmailStr
    password: SecretStr = Field(max_length=128, examples=["correct horse battery staple"])
    full_name: str | None = Field(default=None, max_length=255)

    _strong_password = field_validator("password")(_check_password)


class UserUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    full_name: str | None = Field(default=None, max_length=255)
    password: SecretStr | None = Field(default=None, max_length=128)

    _strong_password = field_validator("password")(_check_password)


class UserPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    email: EmailStr
    full_name: str | None
    is_active: bool
    is_superuser: bool
    created_at: UtcDatetime
