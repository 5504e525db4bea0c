"""The Celery application: how jobs are queued, delivered and retried.

Delivery is *at least once*: a job is acknowledged only after it finished (`task_acks_late`),
so a worker that dies mid-job (killed, out of memory, machine lost) leaves it to another worker.
Jobs must therefore be idempotent: running one twice must not repeat its effects (see tasks.py).
"""

from __future__ import annotations

from datetime import timedelta

from celery import Celery
from celery.schedules import crontab

from .settings import JobsSettings, get_jobs_settings


def create_celery_app(settings: JobsSettings) -> Celery:
    app = Celery(__package__, include=[f"{__package__}.tasks"])
    app.conf.update(
        broker_url=settings.broker_url,
        result_backend=settings.result_backend,
        task_default_queue=settings.celery_task_default_queue,
        broker_transport_options={
            # With Redis as broker, a job a worker took but never acknowledged (the worker died)
            # goes back to the queue after this many seconds.
            "visibility_timeout": settings.celery_visibility_timeout,
            # Workers look for such jobs every few seconds (at most every timeout), scanning each
            # time: kombu's defaults scan only every tenth look, 100 s apart, which delays a
            # redelivery well past the timeout.
            "unacked_restore_interval": min(settings.celery_visibility_timeout, 10),
            "unacked_restore_throttle": 1,
        },
        broker_connection_retry_on_startup=True,
        # With Redis down, queueing a job fails within about two seconds (the API answers 503)
        # instead of after the result store's default 20 retries, a second apart.
        result_backend_transport_options={
            "retry_policy": {
                "max_retries": 3,
                "interval_start": 0,
                "interval_step": 0.5,
                "interval_max": 1,
            }
        },
        redis_socket_connect_timeout=5,
        # Acknowledge after the job ran, and give a job back when its worker process is lost,
        # so that it runs again elsewhere instead of vanishing.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        # A worker reserves one job at a time: the others stay in the queue for idle workers.
        worker_prefetch_multiplier=1,
        # Report STARTED while a job runs, not only PENDING then SUCCESS.
        task_track_started=True,
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        result_expires=timedelta(days=1),
        timezone="UTC",
        beat_schedule={
            "purge-old-reports": {
                "task": f"{__package__}.tasks.purge_reports",
                "schedule": crontab(minute=0),
            },
        },
    )
    return app


celery_app = create_celery_app(get_jobs_settings())
