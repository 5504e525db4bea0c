"""The model the API serves: loaded once per process, trained first if its file is missing."""

from functools import cache
from pathlib import Path

from django.conf import settings

from .model import TrainedModel, load_or_train, save, train

_load_or_train = cache(load_or_train)


def model_get() -> TrainedModel:
    """The model at settings.ML_MODEL_PATH. The first call of each process loads it (or trains
    and saves one); later calls return the same object."""
    return _load_or_train(Path(settings.ML_MODEL_PATH))


def model_train(*, path: Path | None = None) -> TrainedModel:
    """Train a new model and save it (the running servers keep theirs until restarted)."""
    model = train()
    save(model, path or Path(settings.ML_MODEL_PATH))
    return model


def predictions(model: TrainedModel, rows: list[dict[str, float]]) -> list[dict[str, object]]:
    """For each row of features, the most probable species and every class's probability."""
    probabilities = model.predict_proba([[row[name] for name in model.features] for row in rows])
    results: list[dict[str, object]] = []
    for row in probabilities:
        by_class = dict(zip(model.classes, row, strict=True))
        results.append(
            {"species": max(by_class, key=by_class.__getitem__), "probabilities": by_class}
        )
    return results
