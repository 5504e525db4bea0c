from __future__ import annotations

import uuid

from fastapi import APIRouter, HTTPException, Response, status
from fastapi.concurrency import run_in_threadpool
from kombu.exceptions import OperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from ..db import SessionDep
from ..deps import CurrentUser
from ..errors import error_responses
from . import service, tasks
from .models import Report
from .schemas import ReportJob, ReportResult

router = APIRouter(prefix="/jobs", tags=["jobs"], responses=error_responses(401))

# The broker or the result store cannot be reached (after the client's own retries). Celery's
# Redis result store raises RuntimeError when it cannot resubscribe to job results; it tries
# again on the next call, so the app recovers once Redis is back.
QUEUE_ERRORS = (OperationalError, RedisConnectionError, RedisTimeoutError, RuntimeError)


def _queue_unavailable() -> HTTPException:
    return HTTPException(
        status.HTTP_503_SERVICE_UNAVAILABLE, "The job queue is unavailable; retry later"
    )


def _job(report: Report, state: str) -> ReportJob:
    result = None
    if report.finished_at is not None and report.item_count is not None:
        result = ReportResult(
            item_count=report.item_count,
            content=report.content or "",
            finished_at=report.finished_at,
        )
    return ReportJob(id=report.id, state=state, created_at=report.created_at, result=result)


@router.post(
    "/reports",
    status_code=status.HTTP_202_ACCEPTED,
    responses=error_responses(503),
    summary="Start a report of your items",
)
async def create_report(user: CurrentUser, session: SessionDep, response: Response) -> ReportJob:
    """Queue a job that writes a CSV of your items; poll the URL in `Location` for its result."""
    report = await service.create_report(session, owner_id=user.id)
    try:
        # Publishing is a blocking network call: keep it off the event loop.
        await run_in_threadpool(tasks.build_report.apply_async, (report.id,), task_id=report.id)
    except QUEUE_ERRORS:
        await service.discard_report(session, report)
        raise _queue_unavailable() from None
    response.headers["Location"] = f"/jobs/reports/{report.id}"
    return _job(report, "PENDING")


@router.get(
    "/reports/{report_id}",
    responses=error_responses(404, 503),
    summary="One of your reports: its state, and its result once done",
)
async def read_report(report_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> ReportJob:
    report = await service.get_report(session, owner_id=user.id, report_id=str(report_id))
    if report is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Report not found")
    if report.finished_at is not None:
        # The database is the record of what is done, even after Celery forgot the job.
        return _job(report, "SUCCESS")
    try:
        state = await run_in_threadpool(lambda: tasks.build_report.AsyncResult(report.id).state)
    except QUEUE_ERRORS:
        raise _queue_unavailable() from None
    if state == "SUCCESS":
        # Finished since the row was read: the job wrote its result before reporting success.
        # Read it in a new transaction: on SQLite, a read transaction keeps the snapshot of its
        # first read, which did not have the result yet.
        await session.rollback()
        await session.refresh(report)
    return _job(report, state)
