"""The jobs REST API: start a report, then read its state and result."""

import uuid
from typing import Any, cast

from drf_spectacular.utils import extend_schema
from kombu.exceptions import OperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ..users.models import User
from . import selectors, services, tasks
from .models import Report

# The broker or the result store cannot be reached (after the client's own retries). Celery's
# Redis result store raises RuntimeError when it cannot resubscribe to job results; it tries
# again on the next call, so the app recovers once Redis is back.
QUEUE_ERRORS = (OperationalError, RedisConnectionError, RedisTimeoutError, RuntimeError)


class QueueUnavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "The job queue is unavailable; retry later"
    default_code = "queue_unavailable"


class ReportResultSerializer(serializers.Serializer[Report]):
    note_count = serializers.IntegerField()
    content = serializers.CharField()
    finished_at = serializers.DateTimeField()


class ReportJobSerializer(serializers.Serializer[dict[str, Any]]):
    id = serializers.UUIDField()
    state = serializers.CharField(
        help_text="Celery's state of the job: PENDING (queued), STARTED, RETRY (after a "
        "transient failure), FAILURE or SUCCESS"
    )
    created_at = serializers.DateTimeField()
    result = ReportResultSerializer(allow_null=True)


def _job(report: Report, state: str) -> dict[str, Any]:
    done = report.finished_at is not None
    return ReportJobSerializer(
        {
            "id": report.id,
            "state": state,
            "created_at": report.created_at,
            "result": ReportResultSerializer(report).data if done else None,
        }
    ).data


class ReportCreateView(APIView):
    """Queue a job that writes a CSV of your notes; poll the URL in `Location` for its result."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(request=None, responses={202: ReportJobSerializer})
    def post(self, request: Request) -> Response:
        report = services.report_create(owner=cast(User, request.user))
        try:
            tasks.build_report.apply_async((str(report.id),), task_id=str(report.id))
        except QUEUE_ERRORS:
            report.delete()
            raise QueueUnavailable from None
        return Response(
            _job(report, "PENDING"),
            status=status.HTTP_202_ACCEPTED,
            headers={"Location": f"{request.path}{report.id}/"},
        )


class ReportDetailView(APIView):
    """One of your reports: its state, and its result once done."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(responses={200: ReportJobSerializer})
    def get(self, request: Request, report_id: uuid.UUID) -> Response:
        report = selectors.report_get(owner=cast(User, request.user), report_id=report_id)
        if report is None:
            raise NotFound("Report not found")
        if report.finished_at is not None:
            # The database is the record of what is done, even after Celery forgot the job.
            return Response(_job(report, "SUCCESS"))
        try:
            state = tasks.build_report.AsyncResult(str(report.id)).state
        except QUEUE_ERRORS:
            raise QueueUnavailable from None
        if state == "SUCCESS":
            # Finished since the row was read: the job wrote its result before reporting success.
            report.refresh_from_db()
        return Response(_job(report, state))
