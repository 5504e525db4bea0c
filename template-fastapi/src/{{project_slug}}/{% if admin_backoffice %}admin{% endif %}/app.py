from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from sqladmin import Admin
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..settings import Settings
from .auth import SuperuserAuth
from .views import ItemAdmin, UserAdmin

# Inline, so that browsers do not ask the app for /favicon.ico.
FAVICON = (
    "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'>"
    "<rect width='32' height='32' rx='7' fill='%23206bc4'/></svg>"
)
# sqladmin's pages load only their own files from /admin/statics, but use inline styles and a
# short inline script (the flash messages).
ADMIN_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)


class AdminCSPMiddleware:
    """Sets the admin's Content-Security-Policy; the app's stricter default fits JSON only."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_csp(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    *message.get("headers", ()),
                    (b"content-security-policy", ADMIN_CSP.encode()),
                ]
            await send(message)

        await self.app(scope, receive, send_with_csp)


def install(app: FastAPI) -> None:
    settings: Settings = app.state.settings
    # Bound to the app's engine at start-up (below), when the engine exists.
    session_maker = async_sessionmaker(class_=AsyncSession, expire_on_commit=False)
    app.state.admin_sessionmaker = session_maker
    admin = Admin(
        app,
        session_maker=session_maker,
        base_url="/admin",
        title=f"{app.title} admin",
        favicon_url=FAVICON,
        authentication_backend=SuperuserAuth(settings, session_maker),
        middlewares=[Middleware(AdminCSPMiddleware)],
    )
    # The admin is an app of its own, mounted under /admin: its requests see the app's state
    # (request.app.state), as the API's do.
    admin.admin.state = app.state
    for view in (UserAdmin, ItemAdmin):
        # sqladmin keeps a view's admin and session factory on the view's class: a subclass
        # per app keeps two apps in one process (the tests build several) from sharing them.
        admin.add_view(type(view.__name__, (view,), {}))

    @asynccontextmanager
    async def bind_engine(app: FastAPI) -> AsyncIterator[None]:
        # FastAPI runs an included router's lifespan inside the app's own, after it has
        # created the engine.
        session_maker.configure(bind=app.state.engine)
        yield

    app.include_router(APIRouter(lifespan=bind_engine))
