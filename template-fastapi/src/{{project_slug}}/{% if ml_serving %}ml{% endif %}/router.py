"""`POST /predict`, `POST /predict/batch` and `GET /model`, for signed-in users.

The model is loaded (or trained, the first time) once, when the app starts; inference runs in a
worker thread, so a prediction never blocks the event loop.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from anyio import to_thread
from fastapi import APIRouter, Depends, FastAPI, Request

from ..deps import CurrentUser
from ..errors import error_responses
from .model import TrainedModel, load_or_train
from .schemas import BatchPrediction, BatchRequest, IrisFeatures, ModelInfo, Prediction
from .settings import get_ml_settings


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Training reads files and fits in a worker thread: start-up keeps serving the loop.
    app.state.ml_model = await to_thread.run_sync(load_or_train, get_ml_settings().model_path)
    yield


async def get_model(request: Request) -> TrainedModel:
    model: TrainedModel = request.app.state.ml_model
    return model


ModelDep = Annotated[TrainedModel, Depends(get_model)]

router = APIRouter(tags=["ml"], responses=error_responses(401), lifespan=lifespan)


def _predictions(model: TrainedModel, rows: list[IrisFeatures]) -> list[Prediction]:
    probabilities = model.predict_proba(
        [[getattr(row, name) for name in model.features] for row in rows]
    )
    predictions = []
    for row in probabilities:
        by_class: dict[Any, float] = dict(zip(model.classes, row, strict=True))
        predictions.append(
            Prediction(species=max(by_class, key=by_class.__getitem__), probabilities=by_class)
        )
    return predictions


@router.post("/predict", summary="Predict the species of one flower")
async def predict(user: CurrentUser, body: IrisFeatures, model: ModelDep) -> Prediction:
    [prediction] = await to_thread.run_sync(_predictions, model, [body])
    return prediction


@router.post("/predict/batch", summary="Predict the species of several flowers")
async def predict_batch(user: CurrentUser, body: BatchRequest, model: ModelDep) -> BatchPrediction:
    """At most `BATCH_LIMIT` (100) items; the predictions come in the order of the items."""
    return BatchPrediction(predictions=await to_thread.run_sync(_predictions, model, body.items))


@router.get("/model", summary="The model being served")
async def model_info(user: CurrentUser, model: ModelDep) -> ModelInfo:
    return ModelInfo.model_validate(
        {
            "version": model.version,
            "features": list(model.features),
            "classes": list(model.classes),
            "trained_at": model.trained_at,
            "metrics": model.metrics,
        }
    )


def install(app: FastAPI) -> None:
    app.include_router(router)
