"""Your notes as pages. Reads go through the notes selectors and writes through the notes
services, as the API's do: the pages add forms, not rules."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from ..notes.models import Note
from ..notes.selectors import note_list
from ..notes.services import note_create, note_delete, note_update
from ..users.models import User
from .forms import NoteForm

PAGE_SIZE = 20


def _owner(request: HttpRequest) -> User:
    if not isinstance(request.user, User):  # login_required lets only signed-in users through
        raise PermissionDenied
    return request.user


def _own_note(request: HttpRequest, pk: int) -> Note:
    """The signed-in user's note, or 404: another user's note does not exist for them."""
    return get_object_or_404(note_list(owner=_owner(request)), pk=pk)


@login_required
@require_http_methods(["GET"])
def note_index(request: HttpRequest) -> HttpResponse:
    page = Paginator(note_list(owner=_owner(request)), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "pages/note_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def note_new(request: HttpRequest) -> HttpResponse:
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        note_create(owner=_owner(request), **form.cleaned_data)
        messages.success(request, "Note created.")
        return redirect("pages:note-list")
    return render(request, "pages/note_form.html", {"form": form, "note": None})


@login_required
@require_http_methods(["GET", "POST"])
def note_edit(request: HttpRequest, pk: int) -> HttpResponse:
    note = _own_note(request, pk)
    form = NoteForm(request.POST or None, instance=note)
    if request.method == "POST" and form.is_valid():
        # The form has already put the new values on `note`; the service validates and saves.
        note_update(note=note, **form.cleaned_data)
        messages.success(request, "Note saved.")
        return redirect("pages:note-list")
    return render(request, "pages/note_form.html", {"form": form, "note": note})


@login_required
@require_http_methods(["GET", "POST"])
def note_remove(request: HttpRequest, pk: int) -> HttpResponse:
    note = _own_note(request, pk)
    if request.method == "POST":
        note_delete(note=note)
        messages.success(request, "Note deleted.")
        return redirect("pages:note-list")
    return render(request, "pages/note_confirm_delete.html", {"note": note})
