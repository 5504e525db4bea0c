"""Serializer fields that take JSON as its types say, for every API of the project.

DRF's fields are lenient on purpose, for HTML forms: a CharField turns `5` into `"5"` and trims
spaces, a BooleanField reads `"yes"`, `1` and `"on"` as true, a FloatField reads `"1.5"`. A JSON
API documented by its OpenAPI schema should accept exactly what the schema describes and refuse
the rest with a 400.
"""

from typing import Any, ClassVar, TypeVar

from django.db import models
from rest_framework import serializers


class StrictCharField(serializers.CharField):
    """A JSON string, kept as sent (no trimming, so " " is text, not a missing value)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("trim_whitespace", False)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        value: str = super().to_internal_value(data)
        return value


class StrictBooleanField(serializers.BooleanField):
    """JSON true or false, nothing else."""

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class StrictFloatField(serializers.FloatField):
    """A JSON number: not a string holding one, not true or false (bool is an int in Python)."""

    def to_internal_value(self, data: Any) -> float:
        if isinstance(data, bool) or not isinstance(data, int | float):
            self.fail("invalid")
        value: float = super().to_internal_value(data)
        return value


_M = TypeVar("_M", bound=models.Model)
FieldMapping = dict[type[models.Field[Any, Any]], type[serializers.Field[Any, Any, Any, Any]]]


class StrictModelSerializer(serializers.ModelSerializer[_M]):
    """A ModelSerializer whose text and boolean model fields get the strict fields above."""

    serializer_field_mapping: ClassVar[FieldMapping] = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.BooleanField: StrictBooleanField,
    }
