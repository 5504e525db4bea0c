"""The note detail read, cached in Redis (Django's `default` cache) and shared by every worker.

A note is cached under its owner's id and its own, as the API answers it. Any save or delete
of a note, in any process and through any path (the API, the admin, a shell), replaces the
entry with a short-lived fence, at once and again when the transaction commits. Answers are
stored with `cache.add` (only where the key is free), so a read that began before the write, and
so read the old row, cannot store its stale copy over the fence. A hit is served only when it
names the requesting user as owner: a cached note is only ever served to its owner.

Redis is an optimisation, never a dependency of a request: when it is down or slow, reads go to
the database (with a warning in the log) and the cache is used again once Redis is back.
"""

import logging
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from redis.exceptions import RedisError

from ..notes.models import Note
from ..users.models import User

logger = logging.getLogger(__name__)

# Ids the cache stores: a path segment outside this range is left to the view (a 404).
MAX_ID = 2**63 - 1
# What a key holds for FENCE_SECONDS after a write (longer than a read takes, from its query to
# storing its answer): no answer is stored over it.
FENCE = "written"
FENCE_SECONDS = 5


def note_key(*, owner_id: int, note_id: int) -> str:
    return f"notes:{owner_id}:{note_id}"


def _note_id(pk: object) -> int | None:
    text = str(pk)
    if not text.isascii() or not text.isdigit() or len(text) > 19 or int(text) > MAX_ID:
        return None
    return int(text)


def cached_note(*, owner: User, pk: object) -> dict[str, Any] | None:
    """The note as the API last answered it to `owner`, or None (a miss, or Redis is down)."""
    note_id = _note_id(pk)
    if note_id is None:
        return None
    try:
        data = cache.get(note_key(owner_id=owner.pk, note_id=note_id))
    except (RedisError, OSError) as exc:
        logger.warning("Cache read failed, reading the database instead: %s", exc)
        return None
    if not isinstance(data, dict) or data.get("id") != note_id or data.get("owner") != owner.email:
        return None
    return data


def cache_note(*, owner: User, data: dict[str, Any]) -> None:
    try:
        cache.add(note_key(owner_id=owner.pk, note_id=data["id"]), dict(data))
    except (RedisError, OSError) as exc:
        logger.warning("Cache write failed: %s", exc)


def forget_note(*, owner_id: int, note_id: int) -> None:
    """Clear a cached note (fencing off older reads). If Redis cannot be reached, the cached copy
    lives until it expires (CACHE_TTL_SECONDS)."""
    try:
        cache.set(note_key(owner_id=owner_id, note_id=note_id), FENCE, timeout=FENCE_SECONDS)
    except (RedisError, OSError) as exc:
        logger.warning("Cache clear failed, the note expires in its own time: %s", exc)


@receiver(post_save, sender=Note, dispatch_uid="cache.notes.saved")
@receiver(post_delete, sender=Note, dispatch_uid="cache.notes.deleted")
def _note_changed(sender: type[Note], instance: Note, **kwargs: object) -> None:
    if kwargs.get("created"):
        return  # a new note has no cached copy to clear
    owner_id, note_id = instance.owner_id, instance.pk
    forget_note(owner_id=owner_id, note_id=note_id)
    transaction.on_commit(lambda: forget_note(owner_id=owner_id, note_id=note_id))
