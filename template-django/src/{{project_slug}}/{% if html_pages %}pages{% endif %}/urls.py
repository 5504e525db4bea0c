from django.urls import path

from . import views

app_name = "pages"

urlpatterns = [
    path("", views.note_index, name="note-list"),
    path("new/", views.note_new, name="note-create"),
    path("<int:pk>/edit/", views.note_edit, name="note-update"),
    path("<int:pk>/delete/", views.note_remove, name="note-delete"),
]
