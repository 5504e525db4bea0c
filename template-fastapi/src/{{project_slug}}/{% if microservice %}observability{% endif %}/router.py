from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI, Response, status

from ..db import SessionDep
from . import metrics
from .logs import configure_logging
from .middleware import ObservabilityMiddleware
from .ready import Readiness, check_broker, check_database
from .settings import get_observability_settings


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Only a running server logs JSON: tests keep pytest's log capture.
    configure_logging(get_observability_settings().log_level)
    yield


router = APIRouter(tags=["operations"], lifespan=lifespan)


@router.get("/metrics", include_in_schema=False)
async def prometheus_metrics() -> Response:
    body, content_type = metrics.exposition()
    return Response(body, media_type=content_type)


@router.get(
    "/ready",
    summary="Readiness: the database (and broker, if any) answer",
    responses={status.HTTP_503_SERVICE_UNAVAILABLE: {"model": Readiness}},
)
async def ready(session: SessionDep, response: Response) -> Readiness:
    settings = get_observability_settings()
    within = settings.ready_timeout_seconds
    checks = {"database": await check_database(session, within=within)}
    if settings.broker:
        checks["broker"] = await check_broker(settings.broker, within=within)
    if all(check == "ok" for check in checks.values()):
        return Readiness(status="ok", checks=checks)
    response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    return Readiness(status="unavailable", checks=checks)


def install(app: FastAPI) -> None:
    """The probes and `/metrics`, and the middleware, outermost, so it sees every response."""
    app.include_router(router)
    app.add_middleware(ObservabilityMiddleware)
