"""The error body every non-validation error uses, and its OpenAPI description."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException
from starlette.routing import Match


class ErrorDetail(BaseModel):
    detail: str


_DESCRIPTIONS = {
    400: "The request cannot be processed (e.g. an unknown host or an unparsable body)",
    401: "Missing, invalid or expired credentials",
    403: "Not allowed for this user",
    404: "Not found (or not yours)",
    409: "Conflicts with an existing resource",
    413: "The request body is larger than the server accepts (MAX_BODY_SIZE)",
    429: "Too many attempts; retry after the `Retry-After` header's seconds",
    503: "A service the app depends on is unavailable",
}


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for these status codes, all with the `ErrorDetail` body."""
    return {code: {"model": ErrorDetail, "description": _DESCRIPTIONS[code]} for code in codes}


async def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
    """FastAPI's 422 body without the rejected input (`input`, `ctx`), which may be huge, or a
    password: each error's location, type and message."""
    errors = [
        {"type": error["type"], "loc": error["loc"], "msg": error["msg"]} for error in exc.errors()
    ]
    return JSONResponse({"detail": jsonable_encoder(errors)}, status_code=422)


def allowed_methods(app: FastAPI, request: Request) -> str:
    """Every method some route accepts at the request's path, as an `Allow` header value:
    Starlette names only the first route's (a path's GET and POST are two routes). Asked of the
    routes themselves, one method at a time, through their public `matches`."""
    allowed = []
    for method in HTTP_METHODS:
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] is Match.FULL for route in app.router.routes):
            allowed.append(method)
    return ", ".join(allowed)


HTTP_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


async def method_not_allowed(request: Request, exc: HTTPException) -> JSONResponse:
    """405 with the path's `Allow` header complete."""
    return JSONResponse(
        {"detail": exc.detail},
        status_code=exc.status_code,
        headers={"Allow": allowed_methods(request.app, request)},
    )
