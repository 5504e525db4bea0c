from __future__ import annotations

import hashlib
import hmac

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from ..settings import Settings
from .deps import CsrfError, SignInRequired
from .router import router
from .templating import STATIC_DIR, render

SESSION_MAX_AGE = 14 * 24 * 60 * 60


async def _redirect_to_login(_request: Request, _exc: Exception) -> Response:
    return RedirectResponse("/accounts/login", status_code=303)


async def _refuse_form(request: Request, _exc: Exception) -> Response:
    message = (
        "This form has expired or did not come from this site. "
        "Go back, reload the page and try again."
    )
    return render(
        request, "error.html", {"title": "Form refused", "message": message}, status_code=403
    )


def install(app: FastAPI) -> None:
    settings: Settings = app.state.settings
    # A key of its own, derived from SECRET_KEY, so that session cookies and API tokens never
    # share one.
    key = hmac.new(settings.secret_key.get_secret_value().encode(), b"pages", hashlib.sha256)
    app.add_middleware(
        SessionMiddleware,
        secret_key=key.hexdigest(),
        max_age=SESSION_MAX_AGE,
        same_site="lax",
        https_only=settings.environment == "production",
    )
    app.mount("/static/pages", StaticFiles(directory=STATIC_DIR), name="pages-static")
    app.include_router(router)
    app.add_exception_handler(SignInRequired, _redirect_to_login)
    app.add_exception_handler(CsrfError, _refuse_form)
