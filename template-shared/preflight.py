"""`python -m <package>.preflight`: can this machine reach Redis at REDIS_URL?

newproj's setup runs it before the migrations (the `preflight` key in pyproject.toml), and
`newproj doctor` runs it in the project: on failure it prints one line saying what to start and
exits 1. Every part of the project that needs Redis checks it with `redis_problem`.
"""

from __future__ import annotations

import sys
{%- if framework == 'django' %}
from pathlib import Path
{%- endif %}
from urllib.parse import urlsplit

{% if framework == 'django' -%}
import environ
{% else -%}
from pydantic_settings import BaseSettings, SettingsConfigDict
{% endif -%}
from redis import Redis
from redis.exceptions import RedisError

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
START_REDIS = (
    "start Redis (`docker compose up -d redis`, or `apt-get install redis-server` / "
    "`brew install redis` and start its service), or set REDIS_URL in .env"
)


def shown(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":**@", 1)
    return parts._replace(netloc=netloc).geturl()


def redis_problem(url: str) -> str | None:
    """None when Redis answers at `url`, else one line saying what to do."""
    try:
        with Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3) as client:
            client.ping()
    except (RedisError, OSError) as exc:
        return f"Redis is not reachable at {shown(url)} ({exc}): {START_REDIS}"
    return None
{%- if framework == 'django' %}


def configured_url() -> str:
    """REDIS_URL as the settings read it: the environment, else .env."""
    env = environ.Env()
    env.read_env(Path(__file__).resolve().parents[2] / ".env")  # beside manage.py
    url: str = env.str("REDIS_URL", default=DEFAULT_REDIS_URL)
    return url
{%- else %}


class _RedisSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    redis_url: str = DEFAULT_REDIS_URL


def configured_url() -> str:
    """REDIS_URL as the settings read it: the environment, else .env."""
    return _RedisSettings().redis_url
{%- endif %}


def main() -> int:
    problem = redis_problem(configured_url())
    if problem:
        print(problem, file=sys.stderr)
        return 1
    print("Redis is reachable.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
