"""`bench`: serve the app as production does and drive the /bench/ endpoints with wrk.

The server is `serve` (granian, as the Dockerfile runs it) with ENVIRONMENT=production and
BENCH_ENDPOINTS=true, on 127.0.0.1 and a free port. With two or more CPUs and `taskset`, the
server is pinned to CPU 0 and wrk to CPU 1. Every test gets a warm-up run, then a measured one;
the table is printed and the results are written as JSON (the shape `newproj bench` reads).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from ..settings import get_settings
from .wrk import WrkOutputError, WrkResult, parse_wrk

TESTS = ("json", "plaintext", "db", "queries", "fortunes", "updates")
WRK_MISSING = "wrk is not installed: apt-get install wrk (Debian/Ubuntu) or brew install wrk"
STARTUP_TIMEOUT = 30.0


class BenchError(Exception):
    """The benchmark could not run; the message is meant for a person."""


def _tests(value: str) -> list[str]:
    tests = [test.strip() for test in value.split(",") if test.strip()]
    unknown = sorted(set(tests) - set(TESTS))
    if unknown or not tests:
        raise argparse.ArgumentTypeError(f"choose from {','.join(TESTS)}; not {unknown or value}")
    return tests


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10, help="seconds of load per test")
    parser.add_argument("--warmup", type=float, default=1, help="seconds of warm-up per test")
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument("--connections", type=int, default=64, help="wrk connections")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--tests", type=_tests, default=list(TESTS), help=",".join(TESTS))
    parser.add_argument("--queries", type=int, default=20, help="for queries and updates")
    parser.add_argument("--out", type=Path, default=Path("bench-results.json"))
    return parser


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _pinned() -> bool:
    return (os.cpu_count() or 1) >= 2 and shutil.which("taskset") is not None


def _pin(cmd: list[str], cpu: int, pinned: bool) -> list[str]:
    return ["taskset", "-c", str(cpu), *cmd] if pinned else cmd


@contextmanager
def _server(workers: int, pinned: bool) -> Iterator[str]:
    """The production server on a free port; yields its base URL and always stops it."""
    port = _free_port()
    serve = shutil.which("serve", path=str(Path(sys.executable).parent)) or "serve"
    cmd = [serve, "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    # Requested as 127.0.0.1, whatever hosts the project serves otherwise.
    env = {
        **os.environ,
        "ENVIRONMENT": "production",
        "BENCH_ENDPOINTS": "true",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(  # noqa: S603 - our own console script
            _pin(cmd, 0, pinned), env=env, stdout=log, stderr=log, start_new_session=True
        )
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_until_up(f"{base}/bench/plaintext", proc, log)
            yield base
        finally:
            _stop(proc)


def _wait_until_up(url: str, proc: subprocess.Popen[bytes], log: Any) -> None:
    # Straight to the loopback server, whatever proxy the environment names.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log.seek(0)
            tail = log.read().decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
            raise BenchError(f"the server exited ({proc.returncode}): {tail[0]}")
        try:
            with opener.open(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise BenchError(f"the server did not answer {url} within {STARTUP_TIMEOUT:.0f} s")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop the server's whole process group (granian's workers too)."""
    for sig, wait in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _wrk(url: str, seconds: float, args: argparse.Namespace, pinned: bool) -> WrkResult:
    whole = max(1, math.ceil(seconds))
    cmd = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{whole}s", "--latency", url]
    try:
        proc = subprocess.run(  # noqa: S603 - fixed argv, loopback URL
            _pin(cmd, 1, pinned), capture_output=True, text=True, timeout=whole + 30, check=False
        )
    except subprocess.TimeoutExpired:
        raise BenchError(f"wrk did not finish within {whole + 30} s") from None
    if proc.returncode:
        raise BenchError(f"wrk failed: {(proc.stderr or proc.stdout).strip()}")
    try:
        return parse_wrk(proc.stdout)
    except WrkOutputError as exc:
        raise BenchError(str(exc)) from None


def _path(test: str, queries: int) -> str:
    return (
        f"/bench/{test}?queries={queries}" if test in {"queries", "updates"} else f"/bench/{test}"
    )


def _versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in ("fastapi", "starlette", "sqlalchemy", "granian", "uvloop", "asyncpg", "aiosqlite"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            continue
    return found


def run(args: argparse.Namespace) -> dict[str, Any]:
    if shutil.which("wrk") is None:
        raise BenchError(WRK_MISSING)
    settings = get_settings()
    pinned = _pinned()
    print(
        f"Serving with {args.workers} worker(s); "
        + ("server pinned to CPU 0, wrk to CPU 1." if pinned else "no CPU pinning."),
        flush=True,
    )
    results = []
    with _server(args.workers, pinned) as base:
        for test in args.tests:
            path = _path(test, args.queries)
            if args.warmup > 0:
                _wrk(base + path, args.warmup, args, pinned)
            measured = _wrk(base + path, args.duration, args, pinned)
            results.append({"test": test, "path": path, **measured.as_dict()})
    return {
        "framework": "fastapi",
        "server": f"granian {version('granian')} (asgi, uvloop)",
        "workers": args.workers,
        "database": "sqlite" if settings.is_sqlite else "postgresql",
        "duration": args.duration,
        "connections": args.connections,
        "pinned": pinned,
        "versions": _versions(),
        "results": results,
    }


def table(report: dict[str, Any]) -> str:
    lines = [f"{'test':<10} {'req/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}"]
    for row in report["results"]:
        lines.append(
            f"{row['test']:<10} {row['requests_per_sec']:>10,.0f} {row['latency_p50_ms']:>8.2f} "
            f"{row['latency_p99_ms']:>8.2f} {row['errors']:>7}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        report = run(args)
    except BenchError as exc:
        print(exc, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    print(f"{report['database']}, {report['server']}, {args.connections} connections")
    print(table(report))
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"Wrote {args.out}")
    return 0
