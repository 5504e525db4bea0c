"""The jobs. Each runs in a worker process, takes JSON-serialisable arguments (ids, not
objects) and is idempotent, because a job may be delivered more than once (see celery_app.py).
"""

import uuid
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from . import services

# Failures worth another try: the database unreachable or busy, the network down.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, OSError)


@shared_task(
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
)
def build_report(report_id: str) -> int | None:
    """Build a report (the API's example job); returns its number of notes."""
    report = services.report_build(report_id=uuid.UUID(report_id))
    return None if report is None else report.note_count


@shared_task(autoretry_for=TRANSIENT_ERRORS, retry_backoff=True, retry_jitter=True, max_retries=3)
def purge_reports() -> int:
    """Delete old reports (the scheduler runs it every hour); returns how many."""
    retention = timedelta(days=settings.REPORT_RETENTION_DAYS)
    return services.reports_purge(created_before=timezone.now() - retention)
