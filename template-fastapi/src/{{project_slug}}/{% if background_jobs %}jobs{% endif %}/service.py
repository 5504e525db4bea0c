"""Reports: created by the API, built by a worker, read back by their owner only."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from ..models import Item  # every model, so that their relationships resolve in a worker
from .models import Report


async def create_report(session: AsyncSession, *, owner_id: int) -> Report:
    report = Report(id=str(uuid.uuid4()), owner_id=owner_id)
    session.add(report)
    await session.commit()
    await session.refresh(report)
    return report


async def discard_report(session: AsyncSession, report: Report) -> None:
    """Forget a report whose job could not be queued."""
    await session.delete(report)
    await session.commit()


async def get_report(session: AsyncSession, *, owner_id: int, report_id: str) -> Report | None:
    """The user's report, or None when it does not exist or belongs to someone else."""
    result = await session.execute(
        select(Report).where(Report.id == report_id, Report.owner_id == owner_id)
    )
    return result.scalar_one_or_none()


async def build_report(session: AsyncSession, *, report_id: str) -> Report | None:
    """Write the report's CSV of its owner's items, once.

    Idempotent: a report already built is returned as it is, and of two runs racing, only the
    first to write keeps its result (the update applies only while `finished_at` is unset).
    None when the report is gone (its owner was deleted).
    """
    report = await session.get(Report, report_id)
    if report is None or report.finished_at is not None:
        return report
    items = await session.execute(
        select(Item.id, Item.title, Item.description, Item.created_at)
        .where(Item.owner_id == report.owner_id)
        .order_by(Item.id)
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "title", "description", "created_at"])
    rows = [
        (i, title, description or "", created.isoformat())
        for i, title, description, created in items
    ]
    writer.writerows(rows)
    await session.execute(
        update(Report)
        .where(Report.id == report_id, Report.finished_at.is_(None))
        .values(item_count=len(rows), content=out.getvalue(), finished_at=func.now())
    )
    await session.commit()
    await session.refresh(report)
    return report


async def purge_reports(session: AsyncSession, *, created_before: datetime) -> int:
    """Delete the reports created before this time; returns how many."""
    deleted = await session.scalars(
        delete(Report)
        .where(Report.created_at < created_before)
        .returning(Report.id)
        # SQLite returns naive datetimes: compare in the database, not in Python.
        .execution_options(synchronize_session="fetch")
    )
    count = len(deleted.all())
    await session.commit()
    return count
