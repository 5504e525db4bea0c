"""How many workers serve, and how many database connections each may hold.

Every worker is a process with its own connections, so they add up: workers x connections per
worker must stay under the database server's `max_connections` (PostgreSQL's default is 100).
Unless DATABASE_POOL_SIZE is set, each worker takes an equal share of DATABASE_MAX_CONNECTIONS.
`python -m <package>.cache.scaling` prints the default number of workers.
"""

from __future__ import annotations

import os


def cpu_count() -> int:
    """The CPUs this process may run on (its affinity, which containers and `taskset` limit)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1  # macOS and Windows have no affinity call


def connections_per_worker(budget: int, workers: int) -> int:
    """Each worker's share of `budget` connections: workers x share <= budget (at least 1)."""
    return max(1, budget // workers)


if __name__ == "__main__":
    print(cpu_count())
