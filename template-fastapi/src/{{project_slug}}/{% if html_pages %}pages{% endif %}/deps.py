"""Who is signed in, and the CSRF check every form goes through."""

from __future__ import annotations

import secrets
import time
from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import FormData

from ..db import SessionDep
from ..users.models import User


class SignInRequired(Exception):
    """The page needs a signed-in user (answered with a redirect to the login page)."""


class CsrfError(Exception):
    """A form came without this session's CSRF token (answered with 403)."""


def sign_in(request: Request, user: User) -> None:
    # A new session on every sign-in: nothing from before (a CSRF token planted by someone
    # else among them) carries over.
    request.session.clear()
    request.session.update({"user_id": user.id, "signed_in_at": time.time()})


def signed_in_at(request: Request) -> float:
    value = request.session.get("signed_in_at")
    return value if isinstance(value, float) else 0.0


async def get_page_user(request: Request, session: SessionDep) -> User | None:
    """The signed-in user, if any; a deactivated user or a password change since signing in
    ends the session, as it refuses the API's tokens."""
    user_id = request.session.get("user_id")
    if not isinstance(user_id, int):
        return None
    user = await session.get(User, user_id)
    if user is None or not user.accepts(signed_in_at(request)):
        request.session.clear()
        return None
    return user


PageUser = Annotated[User | None, Depends(get_page_user)]


async def require_page_user(user: PageUser) -> User:
    if user is None:
        raise SignInRequired
    return user


SignedInUser = Annotated[User, Depends(require_page_user)]


async def checked_form(request: Request) -> FormData:
    """The posted form, once its CSRF token matches the session's."""
    form = await request.form()
    sent = form.get("csrf_token")
    expected = request.session.get("csrf_token")
    if not (
        isinstance(sent, str)
        and isinstance(expected, str)
        and secrets.compare_digest(sent.encode(), expected.encode())
    ):
        raise CsrfError
    return form


CheckedForm = Annotated[FormData, Depends(checked_form)]


def text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""
