"""Sign-in for the admin: the project's own accounts, superusers only.

The session is a signed cookie (Starlette's SessionMiddleware) sent only to /admin and never
on cross-site requests (SameSite=Strict): sqladmin's forms carry no CSRF token, so that is what
keeps other sites from posting them with an administrator's cookie.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from pydantic import EmailStr, TypeAdapter, ValidationError
from sqladmin.authentication import AuthenticationBackend
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.requests import Request

from ..auth.login import LoginFailedError, LoginThrottledError, authenticate
from ..settings import Settings
from ..users import service as users
from ..users.models import User

_email = TypeAdapter(EmailStr)


class SuperuserAuth(AuthenticationBackend):
    def __init__(self, settings: Settings, session_maker: async_sessionmaker[AsyncSession]) -> None:
        # A key of its own, derived from SECRET_KEY, so that session cookies and tokens never
        # share one.
        key = hmac.new(settings.secret_key.get_secret_value().encode(), b"admin", hashlib.sha256)
        super().__init__(
            secret_key=key.hexdigest(),
            session_cookie="admin_session",
            path="/admin",
            same_site="strict",
            https_only=settings.environment == "production",
            max_age=8 * 60 * 60,
        )
        self.settings = settings
        self.session_maker = session_maker

    async def login(self, request: Request) -> bool:
        form = await request.form()
        username, password = form.get("username"), form.get("password")
        if not isinstance(username, str) or not isinstance(password, str):
            return False
        try:
            email = users.normalize_email(_email.validate_python(username))
        except ValidationError:
            return False
        client = request.client.host if request.client else ""
        async with self.session_maker() as session:
            # The API's own check and throttling: failures here and there count together.
            try:
                user = await authenticate(
                    session, email, password, client=client, settings=self.settings
                )
            except (LoginThrottledError, LoginFailedError):
                return False
        if not user.is_superuser:
            return False
        request.session.clear()
        request.session.update({"user_id": user.id, "signed_in_at": time.time()})
        return True

    async def logout(self, request: Request) -> bool:
        request.session.clear()
        return True

    async def authenticate(self, request: Request) -> bool:
        """On every admin request: the user still exists, is active, is a superuser and has not
        changed their password since signing in."""
        user_id = request.session.get("user_id")
        signed_in_at = request.session.get("signed_in_at")
        if not isinstance(user_id, int) or not isinstance(signed_in_at, float):
            return False
        async with self.session_maker() as session:
            user = await session.get(User, user_id)
        if user is None or not user.accepts(signed_in_at) or not user.is_superuser:
            request.session.clear()
            return False
        return True
