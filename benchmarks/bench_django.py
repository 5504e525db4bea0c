"""The generated Django project against a minimal hand-tuned Django app and against gunicorn.

Renders template-django (as tests/conftest.py does), sets it up (uv sync, createdb --migrate,
seed_bench, gunicorn installed beside it for the comparison), then serves, in alternating
rounds:
  generated  the project's production server: its Dockerfile's granian command, production
             settings, BENCH_ENDPOINTS=true (what its own `bench` command runs);
  minimal    benchmarks/minimal_django/minimal_app.py with the same granian command;
  gunicorn   the generated project under gunicorn's sync worker (the usual Django default);
each with one worker, on the same seeded database. wrk drives /bench/json and /bench/db, pinned
to CPU 1 with the server on CPU 0 when there are two CPUs and taskset. Prints requests/s per
round, the means, and the ratios generated/minimal (goal >= 0.90) and generated/gunicorn (goal
>= 2 for json).

Usage: python benchmarks/bench_django.py [--databases sqlite,postgresql] [--rounds 3]
       [--duration 5] [--warmup 1] [--connections 64] [--blocking-threads N]
Load goes to 127.0.0.1 only; every server start, wrk run and setup step is bounded in time.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from _harness import Server, database_url, drop_database, free_port, pinned, render, sh, uv, wrk

MINIMAL = Path(__file__).resolve().parent / "minimal_django"
TESTS = ("json", "db")
APPS = ("generated", "minimal", "gunicorn")
FRAMEWORK = "django"
SLUG = f"bench_{FRAMEWORK}"  # what _harness.render names the project


def set_up(project: Path, env: dict[str, str]) -> None:
    # Runtime dependencies only, as the Dockerfile installs them; gunicorn for the comparison.
    sh([uv(), "sync", "--python", sys.executable, "--no-dev"], cwd=project, env=env)
    sh([uv(), "pip", "install", "--python", str(project / ".venv"), "gunicorn"], cwd=project,
       env=env)  # fmt: skip
    manage = [str(project / ".venv" / "bin" / "python"), "manage.py"]
    for step in (["createdb", "--migrate"], ["seed_bench"]):
        sh([*manage, *step], cwd=project, env=env, timeout=300)


def docker_cmd(project: Path) -> list[str]:
    line = next(
        line
        for line in (project / "Dockerfile").read_text().splitlines()
        if line.startswith("CMD ")
    )
    cmd: list[str] = json.loads(line.removeprefix("CMD "))
    return cmd


def with_options(cmd: list[str], **options: str) -> list[str]:
    """`cmd` with the given `--name value` options replaced (or added before the last argument)."""
    argv = list(cmd)
    for name, value in options.items():
        flag = f"--{name.replace('_', '-')}"
        if flag in argv:
            argv[argv.index(flag) + 1] = value
        else:
            argv[-1:-1] = [flag, value]
    return argv


def server_command(app: str, project: Path, port: int, threads: int | None) -> list[str]:
    venv_bin = project / ".venv" / "bin"
    options = {"host": "127.0.0.1", "port": str(port), "workers": "1"}
    if threads:
        options["blocking_threads"] = str(threads)
    granian = with_options(docker_cmd(project), **options)
    granian[0] = str(venv_bin / "granian")
    if app == "generated":
        return granian
    if app == "minimal":
        return [*granian[:-1], "--working-dir", str(MINIMAL), "minimal_app:application"]
    return [
        str(venv_bin / "gunicorn"), "--workers", "1", "--worker-class", "sync",
        "--bind", f"127.0.0.1:{port}", f"{SLUG}.config.wsgi:application",
    ]  # fmt: skip


def run_database(database: str, args: argparse.Namespace) -> dict[str, dict[str, list[float]]]:
    results: dict[str, dict[str, list[float]]] = {a: {t: [] for t in TESTS} for a in APPS}
    with tempfile.TemporaryDirectory(prefix="bench-django-") as scratch:
        project = render(Path(scratch), database, framework=FRAMEWORK)
        env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
        env["DATABASE_URL"], pg_name = database_url(database, project)
        try:
            print(f"[{database}] setting up {project} ...", flush=True)
            set_up(project, env)
            # As the project's `bench` command serves it.
            serve_env = env | {
                "DJANGO_SETTINGS_MODULE": f"{SLUG}.config.settings.production",
                "BENCH_ENDPOINTS": "true",
                "ALLOWED_HOSTS": "127.0.0.1",
                "SECRET_KEY": secrets.token_hex(64),
                "SECURE_SSL_REDIRECT": "false",  # plain HTTP on 127.0.0.1, no TLS proxy
            }
            for number in range(args.rounds):
                order = APPS[number % len(APPS) :] + APPS[: number % len(APPS)]
                for app in order:
                    port = free_port()
                    cmd = server_command(app, project, port, args.blocking_threads)
                    server = Server(cmd, cwd=project, env=serve_env, port=port)
                    try:
                        server.wait("/bench/json")
                        for test in TESTS:
                            url = f"{server.base}/bench/{test}"
                            if args.warmup:
                                wrk(url, args.warmup, args.connections)
                            rps, errors = wrk(url, args.duration, args.connections)
                            results[app][test].append(rps)
                            note = f"  ({errors} errors)" if errors else ""
                            print(
                                f"[{database}] round {number + 1} {app:<9} {test:<4} "
                                f"{rps:>9,.0f} req/s{note}",
                                flush=True,
                            )
                    finally:
                        server.stop()
        finally:
            drop_database(pg_name)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5, help="seconds of load per run")
    parser.add_argument("--warmup", type=int, default=1, help="seconds of warm-up per run")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument(
        "--blocking-threads", type=int, help="override granian's (both granian apps), to compare"
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk or brew install wrk")
    print(
        f"{os.cpu_count()} CPUs; "
        + ("server on CPU 0, wrk on CPU 1" if pinned() else "no pinning")
        + f"; {args.rounds} alternating rounds of {args.duration} s per test, "
        f"{args.connections} connections"
    )
    summary = []
    for database in args.databases.split(","):
        results = run_database(database, args)
        for test in TESTS:
            means = {app: statistics.fmean(results[app][test]) for app in APPS}
            summary.append((database, test, means))
    print()
    print(
        f"{'database':<11}{'test':<6}{'generated':>11}{'minimal':>10}{'gunicorn':>10}"
        f"{'gen/min':>9}{'gen/gunicorn':>14}"
    )
    for database, test, means in summary:
        print(
            f"{database:<11}{test:<6}{means['generated']:>11,.0f}{means['minimal']:>10,.0f}"
            f"{means['gunicorn']:>10,.0f}{means['generated'] / means['minimal']:>9.2f}"
            f"{means['generated'] / means['gunicorn']:>14.2f}"
        )
    print(
        "(mean requests/s over rounds, one worker each; goals: generated/minimal >= 0.90 for json"
        " and db, generated/gunicorn >= 2 for json)"
    )


if __name__ == "__main__":
    main()
