"""`python -m <package>.jobs.preflight`: can this machine reach the jobs' broker and result store?

newproj's setup runs it before the migrations (the `preflight` key in pyproject.toml), and
`newproj doctor` runs it in the project: on failure it prints one line saying what to start and
exits 1.
"""

import sys

from kombu import Connection
from kombu.utils.url import maybe_sanitize_url

from ..preflight import redis_problem
from .celery_app import app


def problems(broker_url: str, result_backend: str) -> list[str]:
    found = []
    for url in dict.fromkeys((broker_url, result_backend)):
        if url.startswith(("redis://", "rediss://", "unix://")):
            problem = redis_problem(url)
            if problem:
                found.append(problem)
        else:
            shown = maybe_sanitize_url(url)  # no password in the message
            try:
                with Connection(url, connect_timeout=3) as connection:
                    connection.ensure_connection(max_retries=1)
            except Exception as exc:  # each transport raises its own errors
                found.append(f"The job broker is not reachable at {shown} ({exc}); start it")
    return found


def main() -> int:
    found = problems(str(app.conf.broker_url), str(app.conf.result_backend))
    for problem in found:
        print(problem, file=sys.stderr)
    if not found:
        print("The job queue is reachable.")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
