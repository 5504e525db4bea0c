"""Shared fixtures: an isolated environment, the template as the package ships it, and helpers to
render projects, install them with uv and run their own tools."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE_PARTS = ("copier.yml", "template-django", "template-fastapi", "template-shared", "hooks")
POSTGRES_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
# CI sets this so that a test needing a service fails instead of skipping when it is missing.
REQUIRE_SERVICES = os.environ.get("NEWPROJ_REQUIRE_SERVICES") == "1"
# One uv cache for the whole run (and across runs): installs after the first are fast.
UV_CACHE_DIR = os.environ.get("UV_CACHE_DIR") or str(Path.home() / ".cache" / "uv")


# Seeds for the mypy caches of the projects the suite type-checks, one per framework: what an
# earlier project analysed of the third-party modules (Django, SQLAlchemy, Wagtail, their stubs),
# copied into each project's own cache (see `Project.mypy`).
MYPY_SEEDS = Path(tempfile.gettempdir()) / f"newproj-tests-mypy-seeds-{os.getuid()}"


def pytest_configure(config: pytest.Config) -> None:
    os.environ["UV_CACHE_DIR"] = UV_CACHE_DIR


def _features_on(item: pytest.Item) -> int:
    """How many features a matrix row builds (the `on:` part of its id); the tests that add every
    feature by update count as more than any row."""
    if "every_feature" in item.name:
        return sys.maxsize
    match = re.search(r"-on:([^\]]*)\]", item.name)
    if not match or match.group(1) == "none":
        return 0
    return match.group(1).count(",") + 1


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Longest first: the rows that render and test whole projects (most features first), then
    the other slow tests, then the rest (a stable sort: the order within each group stays).
    scripts/test hands tests out one or two at a time (`--maxschedchunk 1`) in this order, so a
    worker that is free takes the longest test left and the two finish close together; with
    pytest-xdist's default chunks, one worker was handed every row at the start and the other
    waited minutes for it at the end."""

    def weight(item: pytest.Item) -> tuple[int, int]:
        if "test_combination_is_green" in item.name or "every_feature" in item.name:
            return (0, -_features_on(item))
        return (1, 0) if item.get_closest_marker("slow") else (2, 0)

    items.sort(key=weight)


def wait_for_ci_setup(timeout: float = 1800) -> None:
    """Wait for what CI prepares in the background (Docker, its base images, Chromium: see
    .ci/prepare-docker-and-chromium); fail with its log if that failed. Outside CI, return."""
    status = os.environ.get("NEWPROJ_CI_SETUP")
    if not status:
        return
    rc_file = Path(status) / "rc"
    deadline = time.monotonic() + timeout
    while not rc_file.exists():
        if time.monotonic() > deadline:
            pytest.fail(f"CI's background setup did not finish in {timeout:.0f} s")
        time.sleep(2)
    rc = rc_file.read_text().strip()
    if rc != "0":
        log = Path(status) / "log"
        pytest.fail(f"CI's background setup failed (exit {rc}):\n{log.read_text()[-4000:]}")


def service_missing(reason: str) -> None:
    """Skip, or fail when CI requires the services this machine kind provides."""
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (NEWPROJ_REQUIRE_SERVICES=1 turns this skip into a failure)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _isolated_env(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A private HOME, cache and git identity for every test; uv keeps the shared cache."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("UV_CACHE_DIR", UV_CACHE_DIR)
    monkeypatch.setenv("UV_PYTHON_DOWNLOADS", "never")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    (home / ".gitconfig").write_text(
        "[user]\n\tname = Test User\n\temail = test@example.com\n[init]\n\tdefaultBranch = main\n"
    )
    # PYTHONDONTWRITEBYTECODE: see scripts/test (bytecode caches save each process a compile).
    for name in (
        "VIRTUAL_ENV",
        "DATABASE_URL",
        "NEWPROJ_TEMPLATE",
        "COLUMNS",
        "PYTHONDONTWRITEBYTECODE",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def template_src(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The template as the wheel carries it: a plain folder, not a git checkout."""
    dst = tmp_path_factory.mktemp("template")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".venv", "*_cache")
    for part in TEMPLATE_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dst / part, ignore=ignore)
        else:
            shutil.copy2(src, dst / part)
    return dst


Render = Callable[..., Path]


@pytest.fixture
def render(template_src: Path, tmp_path: Path) -> Render:
    """Render a project with copier's defaults plus `data`; returns the project folder."""
    import copier

    def _render(name: str = "demo", /, **data: Any) -> Path:
        dst = tmp_path / name
        data.setdefault("project_name", "Demo")
        data.setdefault("run_setup", False)
        copier.run_copy(str(template_src), dst, data=data, defaults=True, unsafe=True, quiet=True)
        return dst

    return _render


def run(
    cmd: list[str], *, cwd: Path, env: Mapping[str, str] | None = None, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    """Run a command; on failure, fail the test with its output."""
    proc = subprocess.run(
        cmd,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if proc.returncode != 0:
        pytest.fail(
            f"{' '.join(cmd)} exited {proc.returncode} in {cwd}\n"
            f"--- stdout\n{proc.stdout[-8000:]}\n--- stderr\n{proc.stderr[-8000:]}"
        )
    return proc


def ruff_clean(project: Path) -> None:
    """A rendered project passes `ruff check` and `ruff format --check` (newproj's own ruff, so
    the project needs no install)."""
    for args in (["check", "."], ["format", "--check", "."]):
        proc = subprocess.run(
            [sys.executable, "-m", "ruff", *args],
            cwd=project,
            capture_output=True,
            text=True,
            check=False,
        )
        assert proc.returncode == 0, proc.stdout + proc.stderr


def uv_bin() -> str:
    """The uv that newproj depends on (the `uv` package), else one on PATH."""
    from newproj._tools import find_uv

    found = find_uv()
    if not found:
        pytest.fail("uv is not installed; it is a dependency of newproj")
    return found


class Project:
    """A rendered project and the commands a developer would run in it."""

    def __init__(self, path: Path, env: Mapping[str, str] | None = None) -> None:
        self.path = path
        self.env = dict(env or {})

    def sync(self) -> None:
        run(
            [uv_bin(), "sync", "--python", sys.executable],
            cwd=self.path,
            env=self.env,
        )

    def run(
        self, *cmd: str, env: Mapping[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """`uv run --no-sync CMD` inside the project (after `sync`)."""
        return run(
            [uv_bin(), "run", "--no-sync", *cmd], cwd=self.path, env={**self.env, **(env or {})}
        )

    def mypy(self) -> subprocess.CompletedProcess[str]:
        """`mypy` in the project, with a cache of its own, fresh but for the third-party modules
        an earlier project of the same framework analysed (mypy checks each against its source's
        hash). Projects never share a cache as mypy writes it: two mypy processes on one cache,
        or one cache holding several projects' own modules, once ended in a mypy INTERNAL ERROR.
        """
        from newproj._answers import read_answers_file

        answers = read_answers_file(self.path / ".copier-answers.yml")
        seed = MYPY_SEEDS / str(answers.get("framework", "other"))
        cache = self.path / ".mypy_cache"
        shutil.rmtree(cache, ignore_errors=True)
        if seed.is_dir():
            shutil.copytree(seed, cache)
        result = self.run("mypy", "--cache-dir", str(cache))
        if not seed.is_dir():
            self._publish_seed(cache, seed)
        return result

    def _publish_seed(self, cache: Path, seed: Path) -> None:
        """Copy `cache` to `seed` without the project's own modules; the first project wins."""
        own = {"tests", "migrations", "manage"}
        if (self.path / "src").is_dir():
            own |= {child.name for child in (self.path / "src").iterdir()}
        staged = seed.parent / f".{seed.name}-{uuid.uuid4().hex}"
        shutil.copytree(cache, staged)
        try:
            # mypy's SQLite cache (its default): one row per module file, keyed by its path.
            for db in staged.glob("*/cache.*.db"):
                with closing(sqlite3.connect(db)) as conn, conn:
                    for name in own:
                        conn.execute(
                            "DELETE FROM files2 WHERE path LIKE ? OR path LIKE ?",
                            (f"{name}/%", f"{name}.%"),
                        )
            staged.rename(seed)
        except (OSError, sqlite3.Error):  # another worker published first, or a new cache format
            shutil.rmtree(staged, ignore_errors=True)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A throwaway PostgreSQL database on the local server, dropped afterwards."""
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is in the test group
        service_missing("psycopg is not installed")
    name = f"newproj_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        service_missing(f"PostgreSQL is not reachable at 127.0.0.1:5432: {exc}")
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            # pytest-django and similar create test_<name> beside it.
            conn.execute(f'DROP DATABASE IF EXISTS "test_{name}" WITH (FORCE)')


def check_bench_report(report: dict[str, Any], stdout: str) -> None:
    """The part of a generated project's `bench` report both templates share: every test type
    answered, without errors, with sane latencies, and the printed table (not the figures)."""
    rows = {row["test"]: row for row in report["results"]}
    assert list(rows) == ["json", "plaintext", "db", "queries", "fortunes", "updates"]
    assert rows["queries"]["path"] == "/bench/queries?queries=20"
    for test, row in rows.items():
        assert row["errors"] == 0, (test, stdout)
        assert row["requests"] > 0, test
        assert row["requests_per_sec"] > 0, test
        assert 0 < row["latency_p50_ms"] <= row["latency_p99_ms"], test
    assert re.search(r"^updates\s+[\d,]+\s", stdout, re.MULTILINE), stdout


class PrivatePostgres:
    """A PostgreSQL server of the test's own (initdb in a temporary folder, a free port), so that
    a test can restart or stop it without disturbing the machine's server or other tests."""

    def __init__(self, root: Path, port: int) -> None:
        self.root = root
        self.port = port
        self.url = f"postgresql://postgres@127.0.0.1:{port}/postgres"

    @staticmethod
    def bin_dir() -> Path | None:
        found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
        return found[-1].parent if found else None

    def _as_postgres(self, *cmd: str, check: bool = True) -> None:
        """PostgreSQL refuses to run as root: run its tools as the `postgres` user then."""
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        proc = subprocess.run([*prefix, *cmd], capture_output=True, text=True, timeout=120)
        if check and proc.returncode != 0:
            log = self.root / "log"
            pytest.fail(
                f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr[-2000:]}"
                + (log.read_text()[-2000:] if log.exists() else "")
            )

    def _ctl(self, *args: str, check: bool = True) -> None:
        bin_dir = self.bin_dir()
        assert bin_dir is not None
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._as_postgres(
            str(bin_dir / "pg_ctl"), "-D", str(self.root / "data"), "-w", "-l",
            str(self.root / "log"), "-o", options, *args, check=check,
        )  # fmt: skip

    def init_and_start(self) -> None:
        bin_dir = self.bin_dir()
        assert bin_dir is not None
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
        self._as_postgres(
            str(bin_dir / "initdb"), "-D", str(self.root / "data"), "-A", "trust",
            "-U", "postgres", "-E", "UTF8", "--no-sync",
        )  # fmt: skip
        self._ctl("start")

    def restart(self) -> None:
        """A clean restart: every open connection is closed by the server."""
        self._ctl("-m", "fast", "restart")

    def stop(self, *, check: bool = True) -> None:
        if (self.root / "data" / "postmaster.pid").exists() or check:
            self._ctl("-m", "immediate", "stop", check=check)


@pytest.fixture
def private_postgres() -> Iterator[PrivatePostgres]:
    """A PostgreSQL server for this test alone, for fault tests (restarts)."""
    if PrivatePostgres.bin_dir() is None:
        service_missing("PostgreSQL's server programs are not installed (/usr/lib/postgresql)")
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # Not under pytest's temporary folder: the `postgres` user must be able to reach it.
    root = Path(tempfile.mkdtemp(prefix="newproj-pg-"))
    root.chmod(0o755)
    server = PrivatePostgres(root, port)
    try:
        server.init_and_start()
        yield server
    finally:
        server.stop(check=False)
        shutil.rmtree(root, ignore_errors=True)
