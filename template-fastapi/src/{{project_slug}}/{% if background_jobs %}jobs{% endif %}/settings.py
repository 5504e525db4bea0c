"""The jobs' settings, read from the environment and `.env` like the app's."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class JobsSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    redis_url: str = "redis://127.0.0.1:6379/0"
    # Where jobs are queued and their states kept; both default to REDIS_URL. A RabbitMQ broker
    # is `amqp://user:password@host:5672//`.
    celery_broker_url: str | None = None
    celery_result_backend: str | None = None
    # The queue the API sends to and `uv run worker` consumes.
    celery_task_default_queue: str = "celery"
    # With Redis as broker, a job a worker took but never acknowledged (the worker died) goes
    # back to the queue after this many seconds: keep it longer than your longest job, or a
    # job still running is handed to a second worker.
    celery_visibility_timeout: int = Field(default=3600, ge=1)
    # Reports older than this are deleted by the periodic `purge_reports` job.
    report_retention_days: int = Field(default=7, ge=1)

    @property
    def broker_url(self) -> str:
        return self.celery_broker_url or self.redis_url

    @property
    def result_backend(self) -> str:
        return self.celery_result_backend or self.redis_url


@lru_cache
def get_jobs_settings() -> JobsSettings:
    return JobsSettings()
