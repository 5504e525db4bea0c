"""The benchmark's settings, read from the environment and `.env` like the app's own."""

from __future__ import annotations

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class BenchSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # The endpoints under /bench/: unset means on, except in production, where they answer 404
    # unless this is true.
    bench_endpoints: bool | None = None
    # Driver connections kept for the endpoints' reads (see fastread.py), taken from the
    # engine's pool on PostgreSQL.
    bench_pool_size: int = Field(default=4, ge=1)

    @field_validator("bench_endpoints", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if value == "" else value

    def enabled(self, environment: str) -> bool:
        if self.bench_endpoints is None:
            return environment != "production"
        return self.bench_endpoints
