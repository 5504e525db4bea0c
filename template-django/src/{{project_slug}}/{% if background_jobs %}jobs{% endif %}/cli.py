"""`uv run worker` and `uv run scheduler`: Celery's worker and beat for this project's jobs.

Options after the command go to Celery, e.g. `uv run worker --concurrency 4` or
`uv run worker --pool solo`; `uv run celery -A <package>.jobs.celery_app worker --help` lists
them all.
"""

import sys

from .celery_app import app


def worker() -> None:
    app.worker_main(["worker", "--loglevel=INFO", *sys.argv[1:]])


def scheduler() -> None:
    app.start(["beat", "--loglevel=INFO", *sys.argv[1:]])
