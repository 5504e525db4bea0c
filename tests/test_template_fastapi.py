"""template-fastapi: renders clean, keeps its secret out of git, installs, migrates and passes
its own linters, type checks and tests on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from conftest import (
    POSTGRES_ADMIN_URL,
    PrivatePostgres,
    Project,
    Render,
    check_bench_report,
    run,
    service_missing,
    uv_bin,
)

DATABASES = [pytest.param(db, id=f"db:{db}") for db in ("sqlite", "postgresql")]
JINJA_LEFTOVER = re.compile(r"\{\{|\{%|\{#")
SECRET_LINE = re.compile(r"^SECRET_KEY=([0-9a-f]+)$", re.MULTILINE)


def _render(render: Render, database: str = "sqlite", name: str = "demo") -> Path:
    return render(name, framework="fastapi", database=database)


def _text_files(root: Path) -> dict[Path, str]:
    texts = {}
    for path in root.rglob("*"):
        if path.is_file() and ".git" not in path.relative_to(root).parts:
            try:
                texts[path] = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:  # the gzipped common-password list
                continue
    return texts


def _secret(project: Path) -> str:
    match = SECRET_LINE.search((project / ".env").read_text())
    assert match, "no SECRET_KEY line in .env"
    return match.group(1)


@pytest.mark.parametrize("database", DATABASES)
def test_renders_without_template_leftovers(render: Render, database: str) -> None:
    project = _render(render, database)
    texts = _text_files(project)
    assert len(texts) > 30
    leftovers = [
        str(path.relative_to(project))
        for path, text in texts.items()
        if path.suffix == ".jinja" or JINJA_LEFTOVER.search(text.replace("${{ ", ""))
    ]
    assert leftovers == []
    for path in texts:
        if path.suffix in (".yml", ".yaml"):
            assert yaml.safe_load(texts[path]), path  # CI workflow, compose, pre-commit
    assert (project / "src" / "demo" / "main.py").is_file()
    assert (project / "migrations" / "versions").is_dir()
    assert (project / "compose.yaml").is_file() == (database == "postgresql")
    env = (project / ".env").read_text()
    if database == "postgresql":
        assert "DATABASE_URL=postgresql://postgres@127.0.0.1:5432/demo" in env
    else:
        assert "DATABASE_URL=sqlite:///./db.sqlite3" in env


def test_env_example_documents_every_setting(render: Render) -> None:
    project = _render(render)
    example = (project / ".env.example").read_text()
    documented = set(re.findall(r"^([A-Z_]+)=", example, re.MULTILINE))
    # The app's Settings and each feature's own BaseSettings class (bench/settings.py, ...).
    fields = set()
    for module in (project / "src" / "demo").rglob("*.py"):
        for body in re.findall(
            r"^class \w+\(BaseSettings\):\n(.*?)^    (?:@|def )", module.read_text(), re.M | re.S
        ):
            fields |= {name.upper() for name in re.findall(r"^    ([a-z_]+): ", body, re.M)}
    assert fields  # the regex still finds the settings
    assert documented == fields
    assert "SECRET_KEY=change-me" in example
    assert _secret(project) not in example


def test_pyproject_follows_the_setup_hook_contract(render: Render) -> None:
    project = _render(render)
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    commands = pyproject["tool"]["newproj"]
    assert commands["migrate"] == ["alembic", "upgrade", "heads"]
    assert commands["seed"] == ["seed-bench"]
    assert commands["test"][0] == "pytest"
    assert commands["serve"][0] == "serve"
    scripts = pyproject["project"]["scripts"]
    assert scripts["bench"] == "demo.bench.cli:main"
    assert scripts["seed-bench"] == "demo.bench.seed:main"
    assert all(c[0] in scripts or c[0] in {"alembic", "pytest"} for c in commands.values())
    assert pyproject["project"]["requires-python"] == ">=3.11"
    assert "build-backend" in pyproject["build-system"]
    assert "create-admin" in pyproject["project"]["scripts"]
    assert set(pyproject["tool"]["uv"]["default-groups"]) >= {"dev"}
    assert (project / ".python-version").read_text().strip() == "3.11"


def test_signing_keys_differ_per_project_and_are_never_tracked(render: Render) -> None:
    first, second = _render(render, name="first"), _render(render, name="second")
    secrets = {_secret(first), _secret(second)}
    assert len(secrets) == 2
    assert all(len(secret) == 128 for secret in secrets)
    for project in (first, second):
        assert "secret_key" not in yaml.safe_load((project / ".copier-answers.yml").read_text())
        run(["git", "init", "-q"], cwd=project)
        run(["git", "add", "-A"], cwd=project)
        tracked = run(["git", "ls-files"], cwd=project).stdout.split()
        assert ".env" not in tracked
        assert ".env.example" in tracked
        assert ".copier-answers.yml" in tracked
        for name in tracked:
            content = (project / name).read_bytes()
            for secret in secrets:
                assert secret.encode() not in content, name


def _check_and_test(project: Project) -> None:
    """What newproj promises of a fresh project with the default answers, in the setup hook's
    order. Its type check and its own suite run in the feature matrix (tests/test_features.py,
    every pair of answers) and in a full `newproj create` (tests/test_setup.py)."""
    project.sync()
    pyproject = tomllib.loads((project.path / "pyproject.toml").read_text())
    project.run(*pyproject["tool"]["newproj"]["migrate"])
    project.run("alembic", "check")
    for _ in range(2):  # idempotent: a second run leaves the same rows
        seeded = project.run(*pyproject["tool"]["newproj"]["seed"])
        assert "Seeded 10000 World rows and 12 Fortune rows." in seeded.stdout
    project.run("ruff", "check", ".")
    project.run("ruff", "format", "--check", ".")


def _bench(project: Project, database: str) -> None:
    """`uv run bench` serves the project as production does and writes the report newproj
    bench reads: every test type answered, without errors (the figures are not checked)."""
    if shutil.which("wrk") is None:
        service_missing("wrk is not installed (apt-get install wrk)")
    out = project.path / "bench.json"
    result = project.run("bench", "--duration", "1", "--warmup", "0", "--out", str(out))
    report = json.loads(out.read_text())
    assert report["framework"] == "fastapi"
    assert report["database"] == database
    assert report["server"].startswith("granian ")
    assert report["server"].endswith(" (asgi, uvloop)")
    assert {"python", "fastapi", "sqlalchemy", "granian", "uvloop"} <= set(report["versions"])
    check_bench_report(report, result.stdout)


def _create_admin(project: Project) -> None:
    """The installed `create-admin` console script, as a developer runs it."""
    proc = subprocess.run(
        [uv_bin(), "run", "--no-sync", "create-admin", "Admin@Example.com", "--password-stdin"],
        cwd=project.path,
        env={**os.environ, **project.env},
        input="a-long-and-uncommon-passphrase\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Created the administrator admin@example.com" in proc.stdout


@pytest.mark.slow
def test_sqlite_project_passes_its_checks_and_tests(render: Render) -> None:
    project = Project(_render(render, "sqlite"))
    _check_and_test(project)
    assert (project.path / "db.sqlite3").is_file()  # migrate ran against the .env database
    _create_admin(project)
    with sqlite3.connect(project.path / "db.sqlite3") as conn:
        admins = conn.execute("SELECT email, is_superuser FROM users").fetchall()
        counts = [
            conn.execute("SELECT count(*) FROM world").fetchone(),
            conn.execute("SELECT count(*) FROM fortune").fetchone(),
        ]
    assert admins == [("admin@example.com", 1)]
    assert counts == [(10_000,), (12,)]
    _bench(project, "sqlite")


@pytest.mark.slow
@pytest.mark.postgres
def test_postgresql_project_passes_its_checks_and_tests(render: Render, postgres_url: str) -> None:
    import psycopg

    # Start with no database at all: the migration creates the one DATABASE_URL names.
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE "{postgres_url.rsplit("/", 1)[1]}"')
    project = Project(_render(render, "postgresql"), env={"DATABASE_URL": postgres_url})
    _check_and_test(project)
    # The migration reached the real server: its tables are there.
    with psycopg.connect(postgres_url) as conn:
        tables = {row[0] for row in conn.execute("SELECT tablename FROM pg_tables")}
        counts = [
            conn.execute("SELECT count(*) FROM world").fetchone(),
            conn.execute("SELECT count(*) FROM fortune").fetchone(),
        ]
    assert {"users", "items", "login_throttle", "world", "fortune", "alembic_version"} <= tables
    assert counts == [(10_000,), (12,)]
    _bench(project, "postgresql")


def test_git_ignores_the_env_file(render: Render) -> None:
    project = _render(render)
    run(["git", "init", "-q"], cwd=project)
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", ".env"], cwd=project, check=False
    ).returncode
    assert ignored == 0


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.mark.slow
def test_schemathesis_finds_no_server_errors_or_schema_violations(render: Render) -> None:
    """The project's own fuzzing script (its CI runs it too): schemathesis against the served
    app's OpenAPI schema, with and without a token, bounded examples."""
    project = Project(_render(render, "sqlite"))
    project.sync()
    run(
        [uv_bin(), "sync", "--group", "fuzz", "--python", sys.executable],
        cwd=project.path,
        env=project.env,
    )
    # The script migrates and seeds the database itself.
    proc = subprocess.run(
        ["scripts/fuzz-api.sh"],
        cwd=project.path,
        env={**os.environ, **project.env, "FUZZ_PORT": str(_free_port())},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-4000:]
    assert output.count("=== SUMMARY ===") == 2, output[-4000:]
    assert "failure" not in output, output[-4000:]


def _request(
    url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, bytes]:
    import urllib.error
    import urllib.request

    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


@pytest.mark.slow
@pytest.mark.postgres
def test_postgresql_restart_mid_test_every_route_recovers_at_once(
    render: Render, private_postgres: PrivatePostgres
) -> None:
    """A real PostgreSQL server restarts while the app runs; the very next requests all
    succeed, the benchmark's fast reads included. The server is the test's own, so the restart
    disturbs no other test."""
    import signal
    import time
    import urllib.parse

    import psycopg

    with psycopg.connect(private_postgres.url, autocommit=True) as conn:
        conn.execute("CREATE DATABASE demo")
    database_url = private_postgres.url.rsplit("/", 1)[0] + "/demo"
    project = Project(_render(render, "postgresql"), env={"DATABASE_URL": database_url})
    project.sync()
    project.run("alembic", "upgrade", "heads")
    project.run("seed-bench")
    _create_admin(project)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [uv_bin(), "run", "--no-sync", "serve", "--port", str(port)],
        cwd=project.path,
        env={**os.environ, **project.env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if _request(f"{base}/health")[0] == 200:
                    break
            except OSError:
                time.sleep(0.5)
        form = urllib.parse.urlencode(
            {"username": "admin@example.com", "password": "a-long-and-uncommon-passphrase"}
        ).encode()
        status, body = _request(f"{base}/auth/token", data=form)
        assert status == 200, body
        headers = {"Authorization": f"Bearer {json.loads(body)['access_token']}"}
        status, body = _request(
            f"{base}/items",
            data=b'{"title": "Survives"}',
            headers={**headers, "Content-Type": "application/json"},
        )
        assert status == 201, body
        paths = [
            f"/items/{json.loads(body)['id']}",
            "/items",
            "/users/me",
            "/health",
            "/bench/db",
            "/bench/queries?queries=3",
            "/bench/fortunes",
        ]
        for path in paths:
            assert _request(base + path, headers=headers)[0] == 200, path

        private_postgres.restart()

        for _ in range(3):
            for path in paths:
                status, body = _request(base + path, headers=headers)
                assert status == 200, (path, status, body[:300])
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
