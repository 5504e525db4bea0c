"""API docs (Swagger UI and ReDoc) served from local files, so they work offline.

The JavaScript and CSS come from the `fastapi-offline` package, mounted under /static/docs.
ReDoc's bundle shows Redocly's logo from cdn.redoc.ly, which the pages' policy refuses (a
blocked request and a console error): it is served from /docs/redoc.js with that image removed.
"""

from __future__ import annotations

from importlib import resources

from fastapi import FastAPI
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import HTMLResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles

STATIC_URL = "/static/docs"
REDOC_LOGO = b'src:"https://cdn.redoc.ly/redoc/logo-mini.svg"'
# An empty image instead: the pages allow `data:` images.
NO_LOGO = b"src:\"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E\""
# The pages run an inline start-up script and ReDoc spawns a blob: worker; all else is local.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; worker-src 'self' blob:; frame-ancestors 'none'"
)


def operation_id(route: APIRoute) -> str:
    """The schema's id for a route: its first tag and its function's name (`items-read_item`).

    FastAPI's default adds the path and the method (`read_item_items__item_id__get`), names that
    change whenever a path does and read badly as the method names of a generated client. These
    stay put as long as the function keeps its name; two routes with the same tag and function
    name would clash, which FastAPI reports as a warning (an error in the tests).
    """
    return f"{route.tags[0]}-{route.name}" if route.tags else route.name


def _with_csp(response: HTMLResponse) -> HTMLResponse:
    response.headers["Content-Security-Policy"] = DOCS_CSP
    return response


def add_docs(app: FastAPI) -> None:
    static_dir = resources.files("fastapi_offline").joinpath("static")
    app.mount(STATIC_URL, StaticFiles(directory=str(static_dir)), name="docs-static")
    openapi_url = app.openapi_url or "/openapi.json"
    oauth2_redirect_url = "/docs/oauth2-redirect"
    # ReDoc's bundle shows Redocly's logo under its menu, fetched from Redocly's CDN: the
    # docs' policy would block it, and the browser log an error. Served without that image.
    redoc_js = static_dir.joinpath("redoc.standalone.js").read_bytes().replace(REDOC_LOGO, NO_LOGO)

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return _with_csp(
            get_swagger_ui_html(
                openapi_url=openapi_url,
                title=f"{app.title} - Swagger UI",
                oauth2_redirect_url=oauth2_redirect_url,
                swagger_js_url=f"{STATIC_URL}/swagger-ui-bundle.js",
                swagger_css_url=f"{STATIC_URL}/swagger-ui.css",
                swagger_favicon_url=f"{STATIC_URL}/favicon.png",
            )
        )

    @app.get(oauth2_redirect_url, include_in_schema=False)
    async def swagger_ui_redirect() -> HTMLResponse:
        return _with_csp(get_swagger_ui_oauth2_redirect_html())

    @app.get("/redoc", include_in_schema=False)
    async def redoc() -> HTMLResponse:
        return _with_csp(
            get_redoc_html(
                openapi_url=openapi_url,
                title=f"{app.title} - ReDoc",
                redoc_js_url="/docs/redoc.js",
                redoc_favicon_url=f"{STATIC_URL}/favicon.png",
                with_google_fonts=False,
            )
        )

    @app.get("/docs/redoc.js", include_in_schema=False)
    async def redoc_bundle() -> Response:
        return Response(redoc_js, media_type="text/javascript")
