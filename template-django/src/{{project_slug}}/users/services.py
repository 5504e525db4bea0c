"""Business logic that changes users (HackSoft style: views call services, never the ORM)."""

from typing import Any

from django.db import transaction
from django.http import HttpRequest

from .models import User


@transaction.atomic
def user_create(*, email: str, password: str, **extra_fields: Any) -> User:
    """Create an active, non-staff user. Validate the password before calling this."""
    return User.objects.create_user(email=email, password=password, **extra_fields)


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """The login name django-axes counts failures against, whichever form sent it.

    The login page posts `username`, the JWT endpoint posts `email`: both mean the e-mail
    address. Lower-cased so that changing case does not reset the count.
    """
    sources: list[Any] = [credentials or {}, getattr(request, "data", None) or {}, request.POST]
    for source in sources:
        for key in ("email", "username"):
            value = source.get(key)
            if value:
                return str(value).strip().lower()
    return ""
