"""The model: a scikit-learn classifier of iris flowers, trained on the iris data set that ships
inside scikit-learn (no download), saved with joblib.

Replace `train` with your own training; the endpoints only rely on `TrainedModel`.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

FEATURES = ("sepal_length", "sepal_width", "petal_length", "petal_width")
CLASSES = ("setosa", "versicolor", "virginica")
# Names what `train` builds: change it when the features, classes or algorithm change.
RECIPE = "iris-logistic-regression"


@dataclass(frozen=True)
class TrainedModel:
    estimator: Any
    version: str
    trained_at: datetime
    metrics: dict[str, float] = field(default_factory=dict)
    features: tuple[str, ...] = FEATURES
    classes: tuple[str, ...] = CLASSES

    def predict_proba(self, rows: list[list[float]]) -> list[list[float]]:
        """One list of class probabilities (in `classes` order) per row of features."""
        probabilities = self.estimator.predict_proba(rows)
        return [[float(p) for p in row] for row in probabilities]


def train(*, random_state: int = 0) -> TrainedModel:
    """Fit on three quarters of the data set and measure on the held-out quarter."""
    # scikit-learn and joblib are imported where they are used: they take a while to import,
    # and processes that never touch the model (most commands and tests) should not wait.
    from sklearn.datasets import load_iris
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    data = load_iris()
    x_train, x_test, y_train, y_test = train_test_split(
        data.data, data.target, test_size=0.25, random_state=random_state, stratify=data.target
    )
    estimator = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    estimator.fit(x_train, y_train)
    accuracy = float(accuracy_score(y_test, estimator.predict(x_test)))
    trained_at = datetime.now(UTC)
    return TrainedModel(
        estimator=estimator,
        version=f"{RECIPE}-{trained_at:%Y%m%dT%H%M%SZ}",
        trained_at=trained_at,
        metrics={"accuracy": accuracy, "train_samples": len(x_train), "test_samples": len(x_test)},
    )


def save(model: TrainedModel, path: Path) -> None:
    """Write the model next to its final name, then rename: a reader never sees half a file."""
    import joblib

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as file:
            joblib.dump(model, file)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load(path: Path) -> TrainedModel:
    import joblib

    # joblib files are pickles, which run code when loaded: load only models you trained.
    model = joblib.load(path)
    if not isinstance(model, TrainedModel) or model.version.rpartition("-")[0] != RECIPE:
        raise ValueError(f"{path} does not hold a {RECIPE} model; run `{% if framework == 'django' %}manage.py train_model{% else %}train-model{% endif %}`")
    return model


def load_or_train(path: Path) -> TrainedModel:
    """The saved model, or a new one trained and saved when there is none yet."""
    if path.exists():
        return load(path)
    model = train()
    save(model, path)
    return model
