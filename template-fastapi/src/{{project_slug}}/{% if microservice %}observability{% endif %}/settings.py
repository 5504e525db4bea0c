"""The service profile's settings, read from the environment and `.env` like the app's."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ObservabilitySettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # Level of the JSON logs the server writes to standard error.
    log_level: str = "INFO"
    # `/ready` fails a check that takes longer than this.
    ready_timeout_seconds: float = Field(default=2.0, gt=0)
    # A message broker or Redis that requests depend on, under the first of these names that
    # is set: `/ready` checks that it accepts connections. All empty: the project has none.
    celery_broker_url: str = ""
    broker_url: str = ""
    redis_url: str = ""

    @property
    def broker(self) -> str:
        return self.celery_broker_url or self.broker_url or self.redis_url


@lru_cache
def get_observability_settings() -> ObservabilitySettings:
    return ObservabilitySettings()
