"""Reads: a report, only for its owner."""

import uuid

from ..users.models import User
from .models import Report


def report_get(*, owner: User, report_id: uuid.UUID) -> Report | None:
    """The user's report, or None when it does not exist or belongs to someone else."""
    return Report.objects.filter(owner=owner, id=report_id).first()
