"""Background jobs through one Celery worker: jobs/s, and enqueue-to-done latency p50/p99.

Renders a project with background jobs (this repository's template, SQLite), installs and
migrates it, starts ONE worker (`uv run worker --pool=solo`: one process) on a queue of its own
against the Redis on REDIS_URL (default redis://127.0.0.1:6379/0), then, inside the project:
  burst    queue N report jobs at once and wait for all: jobs/s through the worker;
  latency  queue M jobs one at a time, each after the previous finished: enqueue-to-done p50/p99
           (as the client sees it: publish, run, result stored and read back).
The job is the template's own `build_report` (a CSV of a user's 10 items or notes, written once).

    uv run python benchmarks/jobs.py [--framework fastapi|django] [--jobs 500] [--latency-jobs 200]

Not a test: it prints figures. Everything it starts is stopped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import subprocess
import tempfile
import tomllib
from pathlib import Path

from _harness import copy_template, sh, stop_group, uv

# Runs inside the generated project (its own interpreter and packages).
DRIVER = r"""
import json, statistics, sys, time
framework, slug, burst, sequential = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
if framework == "django":
    import django, importlib
    django.setup()
    user_create = importlib.import_module(f"{slug}.users.services").user_create
    note_create = importlib.import_module(f"{slug}.notes.services").note_create
    services = importlib.import_module(f"{slug}.jobs.services")
    tasks = importlib.import_module(f"{slug}.jobs.tasks")
    user = user_create(email="bench@example.com", password="correct-Horse-battery-9")
    for n in range(10):
        note_create(owner=user, title=f"Note {n}")
    def new_reports(count):
        return [str(services.report_create(owner=user).id) for _ in range(count)]
else:
    import asyncio, importlib
    db = importlib.import_module(f"{slug}.db")
    settings = importlib.import_module(f"{slug}.settings").get_settings()
    users = importlib.import_module(f"{slug}.users.service")
    service = importlib.import_module(f"{slug}.jobs.service")
    tasks = importlib.import_module(f"{slug}.jobs.tasks")
    Item = importlib.import_module(f"{slug}.models").Item
    async def _setup():
        engine = db.create_engine(settings)
        async with db.create_sessionmaker(engine)() as session:
            user = await users.create_user(
                session, email="bench@example.com", password="correct-Horse-battery-9"
            )
            session.add_all([Item(title=f"Item {n}", owner_id=user.id) for n in range(10)])
            await session.commit()
            ids = [
                (await service.create_report(session, owner_id=user.id)).id
                for _ in range(burst + sequential)
            ]
        await engine.dispose()
        return ids
    _ids = asyncio.run(_setup())
    def new_reports(count):
        taken = _ids[:count]
        del _ids[:count]
        return taken

def enqueue(report_id):
    return tasks.build_report.apply_async((report_id,), task_id=report_id)

warm = new_reports(5) if framework == "django" else []
for rid in warm:
    enqueue(rid).get(timeout=60)
ids = new_reports(burst)
started = time.perf_counter()
pending = [enqueue(rid) for rid in ids]
for result in pending:
    result.get(timeout=600)
burst_seconds = time.perf_counter() - started
latencies = []
for rid in new_reports(sequential):
    t0 = time.perf_counter()
    enqueue(rid).get(timeout=60)
    latencies.append((time.perf_counter() - t0) * 1000)
latencies.sort()
def pct(p):
    return latencies[min(len(latencies) - 1, int(round(p / 100 * len(latencies))) - 1)]
print(json.dumps({
    "jobs": burst, "seconds": burst_seconds, "jobs_per_sec": burst / burst_seconds,
    "latency_jobs": sequential, "p50_ms": statistics.median(latencies), "p99_ms": pct(99),
}))
"""


def render(scratch: Path, framework: str) -> Path:
    import copier

    template = copy_template(scratch / "template")
    project = scratch / f"bench_jobs_{framework}"
    data = {
        "project_name": f"Bench jobs {framework}",
        "project_slug": f"bench_jobs_{framework}",
        "framework": framework,
        "database": "sqlite",
        "background_jobs": True,
        "run_setup": False,
    }
    copier.run_copy(str(template), project, data=data, defaults=True, unsafe=True, quiet=True)
    return project


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--framework", choices=("fastapi", "django"), default="fastapi")
    parser.add_argument("--jobs", type=int, default=500, help="jobs in the burst")
    parser.add_argument("--latency-jobs", type=int, default=200, help="jobs run one at a time")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="newproj-bench-jobs-"))
    worker = None
    try:
        project = render(scratch, args.framework)
        slug = project.name
        env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH"}}
        env |= {"CELERY_TASK_DEFAULT_QUEUE": f"bench-{secrets.token_hex(6)}"}
        if args.framework == "django":
            env["DJANGO_SETTINGS_MODULE"] = f"{slug}.config.settings.local"
        sh([uv(), "sync", "--no-dev"], cwd=project, env=env, timeout=900)
        migrate = (
            ["python", "manage.py", "createdb", "--migrate"]
            if args.framework == "django"
            else ["alembic", "upgrade", "heads"]
        )
        sh([uv(), "run", "--no-sync", *migrate], cwd=project, env=env)
        # The project's own check that Redis answers (`[tool.newproj] preflight`).
        with (project / "pyproject.toml").open("rb") as handle:
            preflight = tomllib.load(handle)["tool"]["newproj"]["preflight"]
        sh([uv(), "run", "--no-sync", *preflight], cwd=project, env=env)
        log = (scratch / "worker.log").open("wb")
        worker = subprocess.Popen(
            [
                uv(),
                "run",
                "--no-sync",
                "worker",
                "--pool=solo",
                "--loglevel=WARNING",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=project,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        (project / "bench_driver.py").write_text(DRIVER, encoding="utf-8")
        out = sh(
            [
                uv(),
                "run",
                "--no-sync",
                "python",
                "bench_driver.py",
                args.framework,
                slug,
                str(args.jobs),
                str(args.latency_jobs),
            ],
            cwd=project,
            env=env,
            timeout=1200,
        )
        figures = json.loads(out.strip().splitlines()[-1])
        print(f"{args.framework}: one worker (--pool=solo), SQLite, Redis as broker and results")
        print(
            f"burst:   {figures['jobs']} jobs in {figures['seconds']:.2f} s = "
            f"{figures['jobs_per_sec']:.1f} jobs/s"
        )
        print(
            f"latency: {figures['latency_jobs']} jobs one at a time, enqueue-to-done "
            f"p50 {figures['p50_ms']:.1f} ms, p99 {figures['p99_ms']:.1f} ms"
        )
    finally:
        if worker is not None:
            stop_group(worker)
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
