"""Business logic that changes users (HackSoft style: views call services, never the ORM)."""

from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import User

# django-axes stores the login name in a column of this size.
LOCKOUT_USERNAME_MAX_LENGTH = 255


@transaction.atomic
def user_create(*, email: str, password: str, **extra_fields: Any) -> User:
    """Create an active, non-staff user. Validate the password before calling this."""
    return User.objects.create_user(email=email, password=password, **extra_fields)


def user_signup(*, email: str, password: str, site_url: str) -> None:
    """Start a signup without telling the visitor whether the address is registered.

    A new address gets an inactive account and an activation link; a registered one gets a
    notice with a password-reset link instead, and its account stays as it was. Either way the
    only answer is an e-mail to the address, which only its owner reads. `site_url` is the
    site's root URL, for the links.
    """
    email = User.objects.normalize_email(email)
    existing = User.objects.filter(email__iexact=email).first()
    if existing is None:
        user = user_create(email=email, password=password, is_active=False)
        _send(user, "registration/signup_activate_email.txt", site_url, "Activate your account")
    elif not existing.is_active:
        _send(existing, "registration/signup_activate_email.txt", site_url, "Activate your account")
    else:
        # Hash the password anyway, as a new signup would, so both answers take as long.
        User().set_password(password)
        _send(
            existing,
            "registration/signup_exists_email.txt",
            site_url,
            "You already have an account",
        )


def _send(user: User, template: str, site_url: str, subject: str) -> None:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    context = {
        "user": user,
        "activate_url": site_url.rstrip("/") + reverse("signup_activate", args=[uid, token]),
        "reset_url": site_url.rstrip("/") + reverse("password_reset"),
    }
    send_mail(subject, render_to_string(template, context), None, [user.email])


@transaction.atomic
def user_activate(*, user: User) -> None:
    user.is_active = True
    user.save(update_fields=["is_active"])


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Delete the account and everything it owns (notes cascade)."""
    user.delete()


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """The login name django-axes counts failures against, whichever form sent it.

    The login page posts `username`, the JWT endpoint posts `email`: both mean the e-mail
    address. Lower-cased so that changing case does not reset the count, and cut to the size of
    axes' column (the forms already refuse longer addresses).
    """
    sources: list[Any] = [credentials or {}, getattr(request, "data", None) or {}, request.POST]
    for source in sources:
        for key in ("email", "username"):
            value = source.get(key)
            if value:
                return str(value).strip().lower()[:LOCKOUT_USERNAME_MAX_LENGTH]
    return ""
