"""Background jobs: work that runs outside requests, in Celery worker processes.

The API enqueues a job and answers at once (202 and the job's id); a worker started with
`uv run worker` runs it; the API then reports its state and result. `uv run scheduler` (Celery
beat) enqueues the periodic jobs of `celery_app.beat_schedule`. The broker is Redis by default
(REDIS_URL), or any broker Celery supports, such as RabbitMQ, by CELERY_BROKER_URL.

Words: a *report* is the example job: a CSV of the user's items, built by a worker.
"""
