"""The notes REST API: CRUD on the requesting user's own notes, paginated."""

from typing import Any, cast

from django.db.models import QuerySet
from rest_framework import serializers, viewsets
from rest_framework.permissions import IsAuthenticated

from ..core.serializers import StrictModelSerializer
from ..users.models import User
from . import selectors, services
from .models import Note


class NoteSerializer(StrictModelSerializer[Note]):
    owner = serializers.EmailField(source="owner.email", read_only=True)

    class Meta:
        model = Note
        fields = ("id", "title", "body", "archived", "owner", "created_at", "updated_at")
        read_only_fields = ("id", "owner", "created_at", "updated_at")


class NoteViewSet(viewsets.ModelViewSet[Note]):
    """Notes of the authenticated user. Another user's note is a 404: its existence is private."""

    serializer_class = NoteSerializer
    permission_classes = (IsAuthenticated,)
    # Any path segment reaches the view, so a malformed id is this API's JSON 404 rather than
    # the site's HTML one.
    lookup_value_regex = "[^/]+"

    def get_queryset(self) -> QuerySet[Note]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Note.objects.none()
        return selectors.note_list(owner=cast(User, self.request.user))

    def perform_create(self, serializer: serializers.BaseSerializer[Note]) -> None:
        data: dict[str, Any] = dict(serializer.validated_data)
        serializer.instance = services.note_create(owner=cast(User, self.request.user), **data)

    def perform_update(self, serializer: serializers.BaseSerializer[Note]) -> None:
        data: dict[str, Any] = dict(serializer.validated_data)
        serializer.instance = services.note_update(note=cast(Note, serializer.instance), **data)
