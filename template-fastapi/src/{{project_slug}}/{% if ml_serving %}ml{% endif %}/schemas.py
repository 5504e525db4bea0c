from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

# The most rows one batch request may hold: a bound on the work (and memory) of one request.
BATCH_LIMIT = 100

Species = Literal["setosa", "versicolor", "virginica"]
# Flowers are measured in centimetres: anything outside this range is a typo, not a flower.
# A JSON number only (strict): "5.1" and true are refused, not read as numbers.
Centimetres = Annotated[float, Field(gt=0, le=100, strict=True)]
Probability = Annotated[float, Field(ge=0, le=1)]


class IrisFeatures(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}
            ]
        },
    )

    sepal_length: Centimetres
    sepal_width: Centimetres
    petal_length: Centimetres
    petal_width: Centimetres


class Prediction(BaseModel):
    species: Species
    probabilities: dict[Species, Probability]


class BatchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    items: list[IrisFeatures] = Field(min_length=1, max_length=BATCH_LIMIT)


class BatchPrediction(BaseModel):
    predictions: list[Prediction]


class ModelMetrics(BaseModel):
    accuracy: Probability
    train_samples: int
    test_samples: int


class ModelInfo(BaseModel):
    version: str
    features: list[str]
    classes: list[Species]
    trained_at: datetime
    metrics: ModelMetrics
