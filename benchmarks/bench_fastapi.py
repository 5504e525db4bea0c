"""The generated FastAPI project against a minimal hand-tuned FastAPI app, json and db.

Renders template-fastapi (as tests/conftest.py does), sets it up (uv sync, migrate, seed-bench),
then serves at once, on the same CPU, the generated app (its `serve` command with
ENVIRONMENT=production and BENCH_ENDPOINTS=true, as its own `bench` command does) and
benchmarks/minimal_fastapi/app.py (granian with the same settings: one worker, ASGI, uvloop, no
access log), both on the project's seeded database and its virtualenv. wrk
drives /bench/json and /bench/db of each, pinned to CPU 1 with the server on CPU 0 when there
are two CPUs and taskset, one app right after the other, in alternating order from test to
test and round to round. Prints requests/s per run, the means, and generated/minimal.

Usage: python benchmarks/bench_fastapi.py [--databases sqlite,postgresql] [--rounds 4]
       [--duration 5] [--warmup 1] [--connections 64]
Load goes to 127.0.0.1 only; every server start, wrk run and setup step is bounded in time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from _harness import Server, database_url, drop_database, free_port, pinned, render, sh, uv, wrk

MINIMAL = Path(__file__).resolve().parent / "minimal_fastapi"
TEMPLATE_PARTS = ("copier.yml", "template-fastapi", "template-shared", "hooks")
TESTS = ("json", "db")
APPS = ("generated", "minimal")
FRAMEWORK = "fastapi"


def set_up(project: Path, env: dict[str, str]) -> None:
    sh([uv(), "sync", "--python", sys.executable, "--no-default-groups"], cwd=project, env=env)
    for step in (["alembic", "upgrade", "heads"], ["seed-bench"]):
        sh([uv(), "run", "--no-sync", *step], cwd=project, env=env, timeout=300)


def server_command(app: str, project: Path, port: int) -> list[str]:
    venv_bin = project / ".venv" / "bin"
    address = ["--host", "127.0.0.1", "--port", str(port)]
    if app == "generated":
        return [str(venv_bin / "serve"), *address, "--workers", "1"]
    # What `serve` passes to granian in production, as command-line options.
    return [
        str(venv_bin / "granian"), "--interface", "asgi", "--loop", "uvloop", *address,
        "--workers", "1", "--no-access-log", "--working-dir", str(MINIMAL), "app:app",
    ]  # fmt: skip


def run_database(database: str, args: argparse.Namespace) -> dict[str, dict[str, list[float]]]:
    """Both apps served at once (an idle server costs nothing); for every round and test, one
    wrk run of each, back to back, in alternating order. Returns req/s per app and test."""
    results: dict[str, dict[str, list[float]]] = {a: {t: [] for t in TESTS} for a in APPS}
    with tempfile.TemporaryDirectory(prefix="bench-fastapi-") as scratch:
        project = render(Path(scratch), database, framework=FRAMEWORK)
        env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
        env["DATABASE_URL"], pg_name = database_url(database, project)
        servers: dict[str, Server] = {}
        try:
            print(f"[{database}] setting up {project} ...", flush=True)
            set_up(project, env)
            serve_env = env | {"ENVIRONMENT": "production", "BENCH_ENDPOINTS": "true"}
            for app in APPS:
                port = free_port()
                command = server_command(app, project, port)
                servers[app] = Server(command, cwd=project, env=serve_env, port=port)
                servers[app].wait("/bench/json")
            for number in range(args.rounds):
                for index, test in enumerate(TESTS):
                    order = APPS if (number + index) % 2 == 0 else APPS[::-1]
                    for app in order:
                        url = f"{servers[app].base}/bench/{test}"
                        if args.warmup:
                            wrk(url, args.warmup, args.connections)
                        rps, errors = wrk(url, args.duration, args.connections)
                        results[app][test].append(rps)
                        note = f"  ({errors} errors)" if errors else ""
                        print(
                            f"[{database}] round {number + 1} {test:<4} {app:<9} "
                            f"{rps:>9,.0f} req/s{note}",
                            flush=True,
                        )
        finally:
            for server in servers.values():
                server.stop()
            drop_database(pg_name)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--duration", type=int, default=5, help="seconds of load per run")
    parser.add_argument("--warmup", type=int, default=1, help="seconds of warm-up per run")
    parser.add_argument("--connections", type=int, default=64)
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
            generated, minimal = results["generated"][test], results["minimal"][test]
            ratios = [g / m for g, m in zip(generated, minimal, strict=True)]
            summary.append(
                (database, test, statistics.fmean(generated), statistics.fmean(minimal),
                 statistics.fmean(generated) / statistics.fmean(minimal),
                 statistics.median(ratios), min(ratios), max(ratios))
            )  # fmt: skip
    print()
    print(
        f"{'database':<11}{'test':<6}{'generated':>11}{'minimal':>11}{'ratio':>8}"
        f"{'median':>8}{'range':>13}"
    )
    for database, test, gen_rps, min_rps, ratio, median, low, high in summary:
        print(
            f"{database:<11}{test:<6}{gen_rps:>11,.0f}{min_rps:>11,.0f}{ratio:>8.2f}"
            f"{median:>8.2f}{f'{low:.2f}-{high:.2f}':>13}"
        )
    print(
        "(req/s: means over rounds; ratio: generated / minimal of those means; median and\n"
        " range: of the per-round ratios, each from two back-to-back runs; goal >= 0.90)"
    )


if __name__ == "__main__":
    main()
