"""Reads: every query for notes goes through here, scoped to the user who asks."""

from django.db.models import QuerySet

from ..users.models import User
from .models import Note


def note_list(*, owner: User, archived: bool | None = None) -> QuerySet[Note]:
    """The owner's notes, newest first; `archived` filters when given."""
    notes = Note.objects.filter(owner=owner).select_related("owner")
    if archived is not None:
        notes = notes.filter(archived=archived)
    return notes
