"""Writes: creating reports, building them (in a worker) and purging old ones."""

import csv
import io
import uuid
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from ..notes.models import Note
from ..users.models import User
from .models import Report


def report_create(*, owner: User) -> Report:
    return Report.objects.create(owner=owner)


def report_build(*, report_id: uuid.UUID) -> Report | None:
    """Write the report's CSV of its owner's notes, once.

    Idempotent: a report already built is returned as it is, and of two runs racing, only the
    first to write keeps its result (the update applies only while `finished_at` is unset).
    None when the report is gone (its owner was deleted).
    """
    report = Report.objects.filter(id=report_id).first()
    if report is None or report.finished_at is not None:
        return report
    notes = Note.objects.filter(owner_id=report.owner_id).order_by("id")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "title", "archived", "created_at"])
    rows = [(n.id, n.title, n.archived, n.created_at.isoformat()) for n in notes]
    writer.writerows(rows)
    with transaction.atomic():
        Report.objects.filter(id=report_id, finished_at__isnull=True).update(
            note_count=len(rows), content=out.getvalue(), finished_at=timezone.now()
        )
    report.refresh_from_db()
    return report


def reports_purge(*, created_before: datetime) -> int:
    """Delete the reports created before this time; returns how many."""
    deleted, _ = Report.objects.filter(created_at__lt=created_before).delete()
    return deleted
