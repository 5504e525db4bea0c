"""ml_serving and microservice: each answer adds its own files and seams, and nothing else.

Rendering only (fast). The generated projects' own suites exercise the features themselves; the
lead's matrix test installs and runs them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Render, ruff_clean

FRAMEWORKS = ["django", "fastapi"]
# What each feature owns, per framework, and words that only its files and seams contain.
OWNED = {
    "ml_serving": {
        "django": ["src/demo/ml/model.py", "src/demo/ml/api.py", "tests/test_ml.py"],
        "fastapi": ["src/demo/ml/model.py", "src/demo/ml/router.py", "tests/test_ml.py"],
    },
    "microservice": {
        "django": ["src/demo/observability/middleware.py", "tests/test_observability.py"],
        "fastapi": ["src/demo/observability/middleware.py", "tests/test_observability.py"],
    },
}
MARKERS = {
    "ml_serving": ["scikit-learn", "ML_MODEL_PATH", "train-model", "train_model", "demo.ml"],
    "microservice": ["observability", "prometheus", "opentelemetry-sdk", "READY_"],
}


def _mentions(project: Path, words: list[str]) -> list[str]:
    found = []
    for path in project.rglob("*"):
        if not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        found += [f"{path.relative_to(project)}: {word}" for word in words if word in text]
    return found


@pytest.mark.parametrize("feature", sorted(OWNED))
@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_the_feature_on_adds_its_files_lint_clean(
    render: Render, framework: str, feature: str
) -> None:
    project = render(framework=framework, **{feature: True})
    for owned in OWNED[feature][framework]:
        assert (project / owned).is_file(), owned
    assert _mentions(project, MARKERS[feature])
    ruff_clean(project)


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_with_both_features_off_nothing_of_them_is_rendered(render: Render, framework: str) -> None:
    project = render(framework=framework)
    assert not (project / "src/demo/ml").exists()
    assert not (project / "src/demo/observability").exists()
    assert not (project / "models").exists()
    assert _mentions(project, MARKERS["ml_serving"] + MARKERS["microservice"]) == []
