"""The prediction API: `POST predict/`, `POST predict/batch/` and `GET model/` for signed-in
users (the project's default permission)."""

from typing import Any

from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ..core.serializers import StrictFloatField
from . import services
from .model import CLASSES

# The most items one batch request may hold: a bound on the work (and memory) of one request.
BATCH_LIMIT = 100


def _centimetres() -> StrictFloatField:
    # Flowers are measured in centimetres, to a tenth: anything outside is a typo, not a flower.
    return StrictFloatField(min_value=0.1, max_value=100)


class IrisFeaturesSerializer(serializers.Serializer[dict[str, float]]):
    sepal_length = _centimetres()
    sepal_width = _centimetres()
    petal_length = _centimetres()
    petal_width = _centimetres()

    def to_internal_value(self, data: Any) -> dict[str, float]:
        # A misspelt field would otherwise be dropped silently.
        if isinstance(data, dict) and (unknown := set(data) - set(self.fields)):
            raise serializers.ValidationError({name: ["Unknown field."] for name in unknown})
        values: dict[str, float] = super().to_internal_value(data)
        return values


class IrisFeaturesSchema(OpenApiSerializerExtension):
    """The schema says what the serializer does: a field it does not name is refused."""

    target_class = IrisFeaturesSerializer

    def map_serializer(self, auto_schema: AutoSchema, direction: str) -> dict[str, Any]:
        # drf-spectacular's own mapping of the fields, as its documented extensions use it.
        schema: dict[str, Any] = auto_schema._map_basic_serializer(self.target, direction)  # type: ignore[no-untyped-call]
        schema["additionalProperties"] = False
        return schema


class BatchSerializer(serializers.Serializer[dict[str, Any]]):
    items = serializers.ListField(
        child=IrisFeaturesSerializer(), allow_empty=False, min_length=1, max_length=BATCH_LIMIT
    )


class PredictionSerializer(serializers.Serializer[dict[str, Any]]):
    species = serializers.ChoiceField(choices=CLASSES)
    probabilities = serializers.DictField(child=serializers.FloatField(min_value=0, max_value=1))


class BatchPredictionSerializer(serializers.Serializer[dict[str, Any]]):
    predictions = PredictionSerializer(many=True)


class ModelInfoSerializer(serializers.Serializer[dict[str, Any]]):
    version = serializers.CharField()
    features = serializers.ListField(child=serializers.CharField())
    classes = serializers.ListField(child=serializers.CharField())
    trained_at = serializers.DateTimeField()
    metrics = serializers.DictField(child=serializers.FloatField())


SETOSA = {"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}


class PredictView(APIView):
    @extend_schema(
        operation_id="ml_predict",
        summary="Predict the species of one flower",
        request=IrisFeaturesSerializer,
        responses=PredictionSerializer,
        examples=[OpenApiExample("setosa", value=SETOSA, request_only=True)],
    )
    def post(self, request: Request) -> Response:
        features = IrisFeaturesSerializer(data=request.data)
        features.is_valid(raise_exception=True)
        [prediction] = services.predictions(services.model_get(), [features.validated_data])
        return Response(PredictionSerializer(prediction).data)


class PredictBatchView(APIView):
    @extend_schema(
        operation_id="ml_predict_batch",
        summary="Predict the species of several flowers (at most 100, answered in order)",
        request=BatchSerializer,
        responses=BatchPredictionSerializer,
    )
    def post(self, request: Request) -> Response:
        batch = BatchSerializer(data=request.data)
        batch.is_valid(raise_exception=True)
        predictions = services.predictions(services.model_get(), batch.validated_data["items"])
        return Response(BatchPredictionSerializer({"predictions": predictions}).data)


class ModelInfoView(APIView):
    @extend_schema(
        operation_id="ml_model_info",
        summary="The model being served",
        responses=ModelInfoSerializer,
    )
    def get(self, request: Request) -> Response:
        model = services.model_get()
        info = {
            "version": model.version,
            "features": list(model.features),
            "classes": list(model.classes),
            "trained_at": model.trained_at,
            "metrics": model.metrics,
        }
        return Response(ModelInfoSerializer(info).data)
