import operator
from functools import reduce

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from .models import Fortune, World
from .selectors import WORLD_ROWS

BAND = 1_000
# The characters a fortune's HTML must escape.
HTML_SPECIAL = reduce(operator.or_, (Q(message__contains=char) for char in "<>&\"'"))


class RandomNumberBandFilter(admin.SimpleListFilter):
    title = "random number"
    parameter_name = "random_number_band"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[World]
    ) -> list[tuple[str, str]]:
        return [(str(low), f"{low}-{low + BAND - 1}") for low in range(1, WORLD_ROWS + 1, BAND)]

    def queryset(self, request: HttpRequest, queryset: QuerySet[World]) -> QuerySet[World]:
        value = self.value()
        if not value or not value.isdigit():
            return queryset
        low = int(value)
        return queryset.filter(random_number__gte=low, random_number__lt=low + BAND)


class MarkupFilter(admin.SimpleListFilter):
    title = "HTML special characters"
    parameter_name = "markup"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Fortune]
    ) -> list[tuple[str, str]]:
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Fortune]) -> QuerySet[Fortune]:
        if self.value() == "yes":
            return queryset.filter(HTML_SPECIAL)
        if self.value() == "no":
            return queryset.exclude(HTML_SPECIAL)
        return queryset


@admin.register(World)
class WorldAdmin(admin.ModelAdmin[World]):
    list_display = ("id", "random_number")
    list_filter = (RandomNumberBandFilter,)
    search_fields = ("=id", "=random_number")


@admin.register(Fortune)
class FortuneAdmin(admin.ModelAdmin[Fortune]):
    list_display = ("id", "message")
    list_filter = (MarkupFilter,)
    search_fields = ("message",)
