"""The real-time rooms' settings, read from the environment and `.env` like the app's."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE = __name__.partition(".")[0]


class RealtimeSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # The Redis every web process publishes to and subscribes from: all of them must share it.
    redis_url: str = "redis://127.0.0.1:6379/0"
    # The start of every Redis channel the rooms use (by default the project's package name),
    # so that projects, or test runs, sharing a Redis never hear each other. No glob characters:
    # the subscriber matches `<prefix>:room:*`.
    realtime_channel_prefix: str = Field(default=PACKAGE, pattern=r"^[A-Za-z0-9_.-]{1,64}$")
    # Messages a socket may have waiting to be sent before it counts as too slow and is closed:
    # one stalled client must not hold memory, or other clients, hostage.
    realtime_outbox_size: int = Field(default=256, ge=1, le=100_000)


@lru_cache
def get_realtime_settings() -> RealtimeSettings:
    return RealtimeSettings()
