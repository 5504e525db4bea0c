"""`train-model`: train the model again and save it where the app loads it from."""

from __future__ import annotations

import argparse
from pathlib import Path

from .model import save, train
from .settings import get_ml_settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="train-model", description=__doc__)
    parser.add_argument(
        "--path",
        type=Path,
        default=get_ml_settings().model_path,
        help="where to save the model (default: ML_MODEL_PATH, else models/iris.joblib)",
    )
    args = parser.parse_args(argv)
    model = train()
    save(model, args.path)
    print(f"Saved {model.version} to {args.path} (accuracy {model.metrics['accuracy']:.3f}).")
    print("Restart the app to serve it.")
    return 0
