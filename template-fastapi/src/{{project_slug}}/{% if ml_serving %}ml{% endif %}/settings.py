"""The prediction module's settings, read from the environment and `.env` like the app's."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class MLSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="ML_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    # Where `train-model` saves the model and the app loads it from; the app trains and saves
    # one there when the file is missing. Relative paths start from the working directory.
    model_path: Path = Path("models/iris.joblib")


@lru_cache
def get_ml_settings() -> MLSettings:
    return MLSettings()
