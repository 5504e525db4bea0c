"""Both templates' images, built and run for real: a freshly set-up project (with the uv.lock its
setup committed) goes through `docker build`; its container migrates the database, turns healthy
by the image's own HEALTHCHECK, answers its health route and runs as uid 10001.

Needs a Docker daemon (DOCKER names its client, default `docker`) and the base images the
Dockerfiles name. Where public registries do not answer, scripts/docker-base-images builds local
stand-ins under those names; the fixture runs it, and it does nothing when the images exist.
The fast tests here check what needs no daemon: compose publishes on 127.0.0.1 only and takes
its database password, generated per project, from .env.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, Render, run, service_missing, wait_for_ci_setup

DOCKER = os.environ.get("DOCKER") or shutil.which("docker") or "docker"
BUILD_ENV = {"DOCKER_BUILDKIT": "1"}
HEALTHY_WITHIN = 120.0  # seconds from `docker run` to a healthy container
HEALTH_PATH = {"django": "/health/", "fastapi": "/health"}
COMPOSE_APP = {"django": "web", "fastapi": "api"}
PASSWORD_LINE = re.compile(r"^POSTGRES_PASSWORD=([0-9a-f]{64})$", re.MULTILINE)
CASES = [
    pytest.param(
        framework,
        database,
        id=f"framework:{framework}-db:{database}",
        marks=[pytest.mark.postgres] if database == "postgresql" else [],
    )
    for framework in ("django", "fastapi")
    for database in ("sqlite", "postgresql")
]


@pytest.fixture(scope="session")
def docker() -> str:
    """The Docker client, once its daemon answers and the base images exist."""
    wait_for_ci_setup()
    try:
        info = subprocess.run(
            [DOCKER, "info", "--format", "{{.ServerVersion}}"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        service_missing(f"docker cannot run here: {exc}")
    if info.returncode != 0:
        service_missing(f"the Docker daemon does not answer: {info.stderr.strip()}")
    run(
        [str(ROOT / "scripts" / "docker-base-images")],
        cwd=ROOT,
        env={"DOCKER": DOCKER},
        timeout=1800,
    )
    return DOCKER


@pytest.fixture
def image(docker: str) -> Iterator[str]:
    """A unique tag and container name, both removed afterwards."""
    name = f"newproj-test-{uuid.uuid4().hex[:12]}"
    yield name
    for command in (["rm", "--force", "--volumes", name], ["rmi", "--force", name]):
        subprocess.run([docker, *command], capture_output=True, check=False, timeout=120)


def _set_up(project: Path) -> None:
    """newproj's own setup, up to its first commit: `uv sync` writes uv.lock, git records it."""
    from newproj._setup import load_hook
    from newproj._source import bundled_template_dir

    report = load_hook(bundled_template_dir()).run_setup(
        project, skip=("createdb", "migrate", "seed", "test")
    )
    assert report.ok, [(s.name, s.status, s.detail, s.log) for s in report.steps]
    assert run(["git", "ls-files", "uv.lock"], cwd=project).stdout.strip() == "uv.lock"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_healthy(docker: str, name: str) -> None:
    """Until the image's HEALTHCHECK passes; fail with the container's log if it never does."""
    deadline = time.monotonic() + HEALTHY_WITHIN
    while True:
        inspect = run([docker, "inspect", "--format", "{{json .State}}", name], cwd=ROOT)
        state = json.loads(inspect.stdout)
        health = state.get("Health", {}).get("Status")
        if health == "healthy":
            return
        if state["Status"] != "running" or health == "unhealthy" or time.monotonic() > deadline:
            logs = subprocess.run(
                [docker, "logs", "--tail", "60", name], capture_output=True, text=True, check=False
            )
            pytest.fail(
                f"container {state['Status']}, health {health}, after "
                f"{HEALTHY_WITHIN:.0f} s at most\n{logs.stdout[-6000:]}{logs.stderr[-6000:]}"
            )
        time.sleep(1)


def _migrated(docker: str, name: str, framework: str) -> None:
    """Every migration of the project is applied in the container's database."""
    if framework == "django":
        # Exits non-zero while any migration is unapplied.
        run([docker, "exec", name, "python", "manage.py", "migrate", "--check"], cwd=ROOT)
        return
    current = run([docker, "exec", name, "alembic", "current"], cwd=ROOT).stdout
    heads = run([docker, "exec", name, "alembic", "heads"], cwd=ROOT).stdout
    applied = {line.split()[0] for line in current.splitlines() if line.strip()}
    wanted = {line.split()[0] for line in heads.splitlines() if line.strip()}
    assert wanted, heads
    assert applied == wanted, (current, heads)


@pytest.mark.slow
@pytest.mark.parametrize(("framework", "database"), CASES)
def test_image_builds_migrates_and_serves_health_as_non_root(
    docker: str,
    image: str,
    render: Render,
    request: pytest.FixtureRequest,
    framework: str,
    database: str,
) -> None:
    project = render(framework=framework, database=database)
    _set_up(project)
    run(
        [docker, "build", "--network", "host", "--tag", image, "."],
        cwd=project,
        env=BUILD_ENV,
        timeout=900,
    )

    env = {"SECRET_KEY": secrets.token_hex(64)}
    if framework == "django":
        env["ALLOWED_HOSTS"] = "localhost,127.0.0.1"
    if database == "postgresql":
        # The host's server, reached on the host's network; the container listens on a free port.
        port = _free_port()
        env["DATABASE_URL"] = request.getfixturevalue("postgres_url")
        env["GRANIAN_PORT" if framework == "django" else "PORT"] = str(port)
        network = ["--network", "host"]
    else:
        port = 0  # published on a free port of Docker's choosing, read below
        network = ["--publish", "127.0.0.1::8000"]  # the image's own SQLite in /app/data
    env_args = [arg for key, value in env.items() for arg in ("--env", f"{key}={value}")]
    run(
        [
            docker,
            "run",
            "--detach",
            "--name",
            image,
            "--health-interval",
            "1s",
            *network,
            *env_args,
            image,
        ],
        cwd=project,
    )
    _wait_healthy(docker, image)

    if database == "sqlite":
        published = run([docker, "port", image, "8000/tcp"], cwd=ROOT).stdout.split()[0]
        port = int(published.rpartition(":")[2])
    url = f"http://127.0.0.1:{port}{HEALTH_PATH[framework]}"
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200
        assert json.load(response)["status"] == "ok"
    assert run([docker, "exec", image, "id", "-u"], cwd=ROOT).stdout.strip() == "10001"
    _migrated(docker, image, framework)


@pytest.mark.parametrize("framework", ["django", "fastapi"])
def test_compose_publishes_on_localhost_and_reads_a_per_project_password(
    render: Render, framework: str
) -> None:
    passwords = set()
    for name in ("one", "two"):
        project = render(name, framework=framework, database="postgresql")
        services = yaml.safe_load((project / "compose.yaml").read_text())["services"]
        published = [port for service in services.values() for port in service.get("ports", [])]
        assert published, "compose.yaml publishes no port"
        assert all(port.startswith("127.0.0.1:") for port in published), published
        from_env = "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}"
        assert services["db"]["environment"]["POSTGRES_PASSWORD"] == from_env
        app = services[COMPOSE_APP[framework]]["environment"]
        assert f":{from_env}@db:5432/" in app["DATABASE_URL"]
        assert app["SECRET_KEY"] == "${SECRET_KEY:?set SECRET_KEY in .env}"

        found = PASSWORD_LINE.search((project / ".env").read_text())
        assert found, ".env has no 64-hex-digit POSTGRES_PASSWORD"
        password = found.group(1)
        passwords.add(password)
        run(["git", "init", "-q"], cwd=project)
        run(["git", "add", "-A"], cwd=project)
        tracked = run(["git", "ls-files"], cwd=project).stdout.split()
        assert ".env" not in tracked
        leaks = [name for name in tracked if password.encode() in (project / name).read_bytes()]
        assert not leaks, f"the database password is in tracked files: {leaks}"
    assert len(passwords) == 2


@pytest.mark.parametrize("framework", ["django", "fastapi"])
def test_sqlite_project_has_no_compose_password(render: Render, framework: str) -> None:
    project = render(framework=framework, database="sqlite")
    assert not (project / "compose.yaml").exists()
    assert "POSTGRES_PASSWORD" not in (project / ".env").read_text()
