from __future__ import annotations

from typing import Annotated, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    SecretStr,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from ..fields import Email, NewPassword, NotNull, Password, Storable, UtcDatetime
from ..security import password_problems


def _check_password(password: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
    if password is not None:
        problems = password_problems(password.get_secret_value(), email=info.data.get("email"))
        if problems:
            raise ValueError(" ".join(problems))
    return password


FullName = Annotated[str, Field(max_length=255), Storable]


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: Email
    password: NewPassword = Field(examples=["correct horse battery staple"])
    full_name: FullName | None = None

    _strong_password = field_validator("password")(_check_password)


class UserUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    full_name: FullName | None = None
    password: NewPassword | None = None
    # Required with `password`: a stolen access token alone cannot take the account over.
    current_password: Password | None = None

    _strong_password = field_validator("password")(_check_password)

    @model_validator(mode="after")
    def _current_password_with_a_new_one(self) -> Self:
        if self.password is not None and self.current_password is None:
            raise ValueError("Changing the password needs the current one (current_password).")
        return self


# JSON true or false only (strict): "yes", "1" and 1 are refused, not read as booleans.
Flag = Annotated[bool | None, Field(strict=True), NotNull, WithJsonSchema({"type": "boolean"})]


class UserAdminUpdate(BaseModel):
    """What an administrator may change of a user; only the fields sent are changed."""

    model_config = ConfigDict(extra="forbid")

    full_name: FullName | None = None
    # False signs the user out: their tokens are refused while inactive.
    is_active: Flag = None
    is_superuser: Flag = None


class UserPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    email: EmailStr
    full_name: str | None
    is_active: bool
    is_superuser: bool
    created_at: UtcDatetime


class SignupAccepted(BaseModel):
    """The answer to every valid signup, whether or not the address was registered."""

    detail: str
