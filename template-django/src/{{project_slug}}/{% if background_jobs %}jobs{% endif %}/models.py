import uuid

from django.conf import settings
from django.db import models


class Report(models.Model):
    """A report job and, once a worker built it, its result. The row's id is the job's id."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    note_count = models.PositiveIntegerField(null=True, blank=True)
    content = models.TextField(blank=True)

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"Report {self.id}"
