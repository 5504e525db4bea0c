"""What the framework benchmarks share: rendering, a bounded server process, CPU pinning, wrk.

Imported by benchmarks/bench_django.py and benchmarks/bench_fastapi.py (run as scripts, so this
folder is on sys.path). Load goes to 127.0.0.1 only; every process is bounded in time.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE_PARTS = ("copier.yml", "template-django", "template-fastapi", "template-shared", "hooks")
POSTGRES_SERVER = "postgresql://postgres@127.0.0.1:5432"


def sh(cmd: list[str], *, cwd: Path, env: dict[str, str], timeout: float = 600) -> str:
    proc = subprocess.run(
        cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return proc.stdout


def uv() -> str:
    try:
        from uv import find_uv_bin

        return find_uv_bin()
    except (ImportError, FileNotFoundError):
        return shutil.which("uv") or sys.exit("uv is not installed")


def copy_template(target: Path, parts: tuple[str, ...] = TEMPLATE_PARTS) -> Path:
    """This working tree's template `parts` copied to `target` (no caches, no virtualenvs)."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".venv", "*_cache")
    for part in parts:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, target / part, ignore=ignore)
        elif src.exists():
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target / part)
    return target


def stop_group(process: subprocess.Popen[bytes]) -> None:
    """Stop a process started with `start_new_session=True` and everything it started."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def render(scratch: Path, database: str, *, framework: str) -> Path:
    """Render this repository's template into `scratch` as tests/conftest.py does."""
    import copier

    template = copy_template(scratch / "template")
    slug = f"bench_{framework}"
    project = scratch / slug
    data: dict[str, object] = {
        "project_name": f"Bench {framework}",
        "project_slug": slug,
        "framework": framework,
    }
    data |= {"database": database, "run_setup": False}
    copier.run_copy(str(template), project, data=data, defaults=True, unsafe=True, quiet=True)
    return project


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def pinned() -> bool:
    return (os.cpu_count() or 1) >= 2 and shutil.which("taskset") is not None


def pin(cmd: list[str], cpu: int) -> list[str]:
    return ["taskset", "-c", str(cpu), *cmd] if pinned() else cmd


class Server:
    """A server process in its own process group, stopped on exit whatever happens."""

    def __init__(self, cmd: list[str], *, cwd: Path, env: dict[str, str], port: int) -> None:
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            pin(cmd, 0), cwd=cwd, env=env, stdout=self.log, stderr=self.log,
            start_new_session=True,
        )  # fmt: skip
        self.base = f"http://127.0.0.1:{port}"

    def wait(self, path: str, timeout: float = 30) -> None:
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.log.seek(0)
                raise SystemExit(f"server exited:\n{self.log.read().decode()[-3000:]}")
            try:
                with opener.open(self.base + path, timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"server did not answer {path} in {timeout} s")

    def stop(self) -> None:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.proc.pid, sig)
                self.proc.wait(timeout=10)
                break
            except ProcessLookupError:
                break
            except subprocess.TimeoutExpired:
                continue
        self.log.close()


def wrk(url: str, seconds: int, connections: int) -> tuple[float, int]:
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", url]
    out = subprocess.run(
        pin(cmd, 1), capture_output=True, text=True, timeout=seconds + 30, check=True
    ).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if rate is None:
        raise SystemExit(f"no Requests/sec in wrk's output:\n{out}")
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return float(rate.group(1)), errors + (int(non_2xx.group(1)) if non_2xx else 0)


def database_url(database: str, project: Path) -> tuple[str, str | None]:
    """DATABASE_URL for a benchmark run, and the throwaway PostgreSQL database it names (the
    project's createdb step creates it; `drop_database` removes it)."""
    if database == "postgresql":
        name = f"{project.name}_{uuid.uuid4().hex[:8]}"
        return f"{POSTGRES_SERVER}/{name}", name
    return f"sqlite:///{project / 'db.sqlite3'}", None


def drop_database(name: str | None) -> None:
    if name:
        subprocess.run(
            ["psql", POSTGRES_SERVER + "/postgres", "-qc",
             f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'],
            capture_output=True, timeout=60, check=False,
        )  # fmt: skip
