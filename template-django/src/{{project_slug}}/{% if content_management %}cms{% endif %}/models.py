"""The site's page types: one home page, with the articles under it.

Editors create and publish pages in Wagtail's editor (/cms/); Wagtail serves the published ones
under /pages/ with the templates in templates/cms/. A new field here needs a migration
(`manage.py makemigrations cms`).
"""

from typing import Any

from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page, PageQuerySet
from wagtail.search import index


class HomePage(Page):
    """The root of the site: an introduction and the latest articles."""

    intro = RichTextField(blank=True)

    content_panels = (*Page.content_panels, FieldPanel("intro"))
    subpage_types = ("cms.ArticlePage",)
    # One home page per site: the migration creates it.
    max_count = 1

    def articles(self) -> PageQuerySet:
        """The published articles under this page, newest first."""
        return ArticlePage.objects.child_of(self).live().order_by("-date", "-pk")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        context["articles"] = self.articles()
        return context


class ArticlePage(Page):
    """An article: a date, a short introduction, an image and a body of blocks."""

    date = models.DateField("Post date", default=timezone.now)
    intro = models.CharField(max_length=250, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(
        [
            ("heading", blocks.CharBlock(form_classname="title")),
            ("paragraph", blocks.RichTextBlock()),
            ("image", ImageBlock()),
        ],
        blank=True,
    )

    content_panels = (
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
    )
    search_fields = (*Page.search_fields, index.SearchField("intro"), index.SearchField("body"))
    parent_page_types = ("cms.HomePage",)
    # Articles are leaves: no page under an article.
    subpage_types = ()
