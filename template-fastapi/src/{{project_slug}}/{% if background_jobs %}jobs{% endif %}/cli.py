"""`uv run worker` and `uv run scheduler`: Celery's worker and beat for this project's jobs.

Options after the command go to Celery, e.g. `uv run worker --concurrency 4` or
`uv run worker --pool solo`; `uv run celery -A <package>.jobs.celery_app worker --help` lists
them all.
"""

from __future__ import annotations

import sys

from .celery_app import celery_app


def worker() -> None:
    celery_app.worker_main(["worker", "--loglevel=INFO", *sys.argv[1:]])


def scheduler() -> None:
    celery_app.start(["beat", "--loglevel=INFO", *sys.argv[1:]])
