from __future__ import annotations

from pydantic import BaseModel, Field

from ..fields import UtcDatetime


class ReportResult(BaseModel):
    item_count: int
    content: str
    finished_at: UtcDatetime


class ReportJob(BaseModel):
    id: str
    state: str = Field(
        description="Celery's state of the job: PENDING (queued), STARTED, RETRY (after a "
        "transient failure), FAILURE or SUCCESS",
        examples=["SUCCESS"],
    )
    created_at: UtcDatetime
    result: ReportResult | None = None
