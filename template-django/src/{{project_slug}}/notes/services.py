"""Writes: creating, changing and deleting notes, with model validation."""

from django.db import transaction

from ..users.models import User
from .models import Note


@transaction.atomic
def note_create(*, owner: User, title: str, body: str = "", archived: bool = False) -> Note:
    note = Note(owner=owner, title=title, body=body, archived=archived)
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def note_update(
    *, note: Note, title: str | None = None, body: str | None = None, archived: bool | None = None
) -> Note:
    """Change the given fields only (None leaves a field as it is)."""
    changes = {"title": title, "body": body, "archived": archived}
    fields = [name for name, value in changes.items() if value is not None]
    for name in fields:
        setattr(note, name, changes[name])
    if fields:
        note.full_clean()
        note.save(update_fields=[*fields, "updated_at"])
    return note


@transaction.atomic
def note_delete(*, note: Note) -> None:
    note.delete()
