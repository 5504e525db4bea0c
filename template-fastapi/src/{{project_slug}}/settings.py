"""Settings, read from the environment and the `.env` file (the environment wins)."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Literal, Self

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# Values that must never sign tokens in production (the one in .env.example among them).
PLACEHOLDER_SECRETS = frozenset({"change-me", "changeme", "secret", "insecure"})

_ASYNC_DRIVERS = {
    "postgres": "postgresql+asyncpg",
    "postgresql": "postgresql+asyncpg",
    "postgresql+psycopg": "postgresql+asyncpg",
    "sqlite": "sqlite+aiosqlite",
}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    # Signs the JWTs. Required: there is no default, so the app refuses to start without it.
    secret_key: SecretStr = Field(min_length=32)
    # Plain `postgresql://` and `sqlite://` URLs are accepted and mapped to the async drivers.
    database_url: str = "sqlite:///./db.sqlite3"
    database_pool_size: int = Field(default=10, ge=1)
    database_max_overflow: int = Field(default=10, ge=0)
    database_echo: bool = False

    access_token_expire_minutes: int = Field(default=15, ge=1)
    refresh_token_expire_days: int = Field(default=7, ge=1)
    # Login throttling, per account and client address (see auth/throttle.py): this many
    # failed attempts within the window lock the account for that client for
    # `login_lockout_seconds`; after each failure the next attempt waits `login_delay_seconds`,
    # doubled per failure.
    login_max_failures: int = Field(default=5, ge=1)
    login_failure_window_seconds: int = Field(default=900, ge=1)
    login_lockout_seconds: int = Field(default=900, ge=1)
    login_delay_seconds: float = Field(default=1.0, ge=0)

    # Password reset (auth/reset.py): how long the e-mailed token works, and the page the
    # e-mail links to, which sends the token and a new password to /auth/password-reset/confirm.
    password_reset_expire_minutes: int = Field(default=60, ge=1)
    password_reset_url: str = "http://localhost:3000/reset-password"  # noqa: S105 - a URL

    # Outgoing e-mail (signup notices, password resets) over SMTP, sent after the response.
    # In development, Mailpit (compose.yaml) listens on localhost:1025.
    email_host: str = "localhost"
    email_port: int = Field(default=1025, ge=1, le=65535)
    email_host_user: str = ""
    email_host_password: SecretStr = SecretStr("")
    # STARTTLS after connecting.
    email_use_tls: bool = False
    email_timeout: float = Field(default=10, gt=0)
    email_from: str = "webmaster@localhost"

    # Comma-separated origins allowed to call the API from a browser; empty means none.
    cors_origins: Annotated[list[str], NoDecode] = []
    # Comma-separated host names the app answers to (the Host header); "*" for any, except in
    # production. Requests for other hosts get 400, so that no URL the app builds names a host
    # an attacker chose.
    allowed_hosts: Annotated[list[str], NoDecode] = ["localhost", "127.0.0.1"]
    # Comma-separated addresses of the reverse proxies whose X-Forwarded-For/-Proto headers are
    # believed (the client's address and https); empty means none, "*" means any.
    forwarded_allow_ips: Annotated[list[str], NoDecode] = []
    # Request bodies larger than this many bytes are refused with 413.
    max_body_size: int = Field(default=1024 * 1024, ge=1)
    # Swagger UI, ReDoc and the OpenAPI schema: unset means on, except in production.
    docs_enabled: bool | None = None
    # FastAPI's own OpenTelemetry traces, metrics and logs per request, for the providers you
    # configure (e.g. FASTAPI_OTEL_AUTO_CONFIGURE=true and the OTEL_* variables). Off, requests
    # skip looking for providers, which costs time on every request.
    telemetry: bool = False

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    web_workers: int = Field(default=1, ge=1)

    @field_validator("cors_origins", "allowed_hosts", "forwarded_allow_ips", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

    @field_validator("docs_enabled", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if value == "" else value

    @model_validator(mode="after")
    def _check_production(self) -> Self:
        if self.environment != "production":
            return self
        secret = self.secret_key.get_secret_value()
        if secret.lower() in PLACEHOLDER_SECRETS or len(set(secret)) < 10:
            raise ValueError("SECRET_KEY is a placeholder; set a long random value in production")
        if "*" in self.cors_origins:
            raise ValueError("CORS_ORIGINS may not contain '*' in production")
        # The host check is the defence against links and redirects naming a host an attacker
        # chose: in production it must name this site's hosts.
        if not self.allowed_hosts or "*" in self.allowed_hosts:
            raise ValueError("ALLOWED_HOSTS must name this site's hosts in production, not '*'")
        return self

    @property
    def async_database_url(self) -> str:
        scheme, sep, rest = self.database_url.partition("://")
        if not sep:
            raise ValueError(f"DATABASE_URL is not a URL: {self.database_url!r}")
        return f"{_ASYNC_DRIVERS.get(scheme, scheme)}://{rest}"

    @property
    def docs_on(self) -> bool:
        if self.docs_enabled is None:
            return self.environment != "production"
        return self.docs_enabled

    @property
    def is_sqlite(self) -> bool:
        return self.async_database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()
