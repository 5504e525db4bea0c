"""Background jobs: work that runs outside requests, in Celery worker processes.

The API queues a job and answers at once (202 and the job's id); a worker started with
`uv run worker` runs it; the API then reports its state and result. `uv run scheduler` (Celery
beat) queues the periodic jobs of the beat schedule (celery_app.py). The broker is Redis by
default (REDIS_URL), or any broker Celery supports, such as RabbitMQ, by CELERY_BROKER_URL.

Words: a *report* is the example job: a CSV of the user's notes, built by a worker.
"""

# Loaded with the app, so that `shared_task` jobs belong to this Celery app (Celery's Django
# guide does this in the project package).
from .celery_app import app as celery_app

__all__ = ("celery_app",)
