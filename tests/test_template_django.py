"""template-django: what it renders, and that the generated project passes its own checks.

Fast tests look at rendered files only. The slow ones install the project with uv and run what a
developer (and the setup hook) would: ruff, mypy, migrations, the project's own test suite, and
Django's deployment checks against the production settings.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shlex
import shutil
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from conftest import (
    POSTGRES_ADMIN_URL,
    Project,
    Render,
    check_bench_report,
    run,
    service_missing,
    uv_bin,
)

# Rendering needs no database server; only the slow tests below carry the postgres marker.
DATABASES = [pytest.param("sqlite", id="db:sqlite"), pytest.param("postgresql", id="db:postgresql")]
SECRET_LINE = re.compile(r"^SECRET_KEY=([0-9a-f]{128})$", re.MULTILINE)
TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "template-django"
# Django templates are copied verbatim and rightly contain {{ }} and {% %}.
DJANGO_TEMPLATES = "templates"


def rendered_files(project: Path) -> list[Path]:
    return [p for p in project.rglob("*") if p.is_file() and ".git" not in p.parts]


def secret_of(project: Path) -> str:
    found = SECRET_LINE.search((project / ".env").read_text())
    assert found, ".env has no 128-hex-digit SECRET_KEY"
    return found.group(1)


@pytest.mark.parametrize("database", DATABASES)
def test_rendered_output_has_no_jinja_leftovers(render: Render, database: str) -> None:
    project = render(database=database)
    checked = 0
    for path in rendered_files(project):
        relative = path.relative_to(project)
        if DJANGO_TEMPLATES in relative.parts and path.suffix in {".html", ".txt"}:
            # Copied verbatim: the same bytes as in the template, Django's braces and all.
            source = TEMPLATE_DIR / relative.as_posix().replace(
                "src/demo/", "src/{{project_slug}}/"
            ).replace("/bench/", "/{% if bench_endpoints %}bench{% endif %}/", 1)
            assert path.read_bytes() == source.read_bytes(), relative
            continue
        text = path.read_text()
        assert "{{" not in text, f"{path.relative_to(project)} contains '{{{{'"
        assert "{%" not in text, f"{path.relative_to(project)} contains '{{%'"
        assert not path.name.endswith(".jinja"), path
        checked += 1
    assert checked > 40
    assert (project / "src" / "demo" / "config" / "settings" / "production.py").is_file()
    assert (project / "compose.yaml").exists() is (database == "postgresql")


@pytest.mark.parametrize("database", DATABASES)
def test_env_files(render: Render, database: str) -> None:
    project = render(database=database)
    env = (project / ".env").read_text()
    secret_of(project)
    assert ("\nDATABASE_URL=postgresql://" in env) is (database == "postgresql")
    assert ".env" in (project / ".gitignore").read_text().splitlines()

    example = (project / ".env.example").read_text()
    assert not SECRET_LINE.search(example)
    documented = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", example, re.MULTILINE))
    settings_dir = project / "src" / "demo" / "config" / "settings"
    used = {
        name
        for module in settings_dir.glob("*.py")
        for name in re.findall(r"\benv(?:_secret|\.\w+)?\(\s*\"([A-Z0-9_]+)\"", module.read_text())
    }
    assert used, "the settings read no environment variables"
    assert used <= documented, f"undocumented in .env.example: {sorted(used - documented)}"


@pytest.mark.parametrize("database", DATABASES)
def test_ci_workflow_runs_every_check(render: Render, database: str) -> None:
    project = render(database=database)
    workflow = yaml.safe_load((project / ".github" / "workflows" / "ci.yml").read_text())
    job = workflow["jobs"]["check"]
    commands = "\n".join(step.get("run", "") for step in job["steps"])
    for command in (
        "uv sync --locked",
        "ruff check .",
        "ruff format --check .",
        "mypy",
        "makemigrations --check --dry-run",
        "pytest",
        "check --deploy --fail-level WARNING",
        "scripts/fuzz-api.sh",
    ):
        assert command in commands, command
    assert ("postgres" in job.get("services", {})) is (database == "postgresql")


def test_compose_runs_web_and_a_healthy_postgres(render: Render) -> None:
    project = render(database="postgresql")
    services = yaml.safe_load((project / "compose.yaml").read_text())["services"]
    assert services["db"]["image"].startswith("postgres:")
    assert services["db"]["healthcheck"]["test"][:2] == ["CMD", "pg_isready"]
    assert services["web"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert services["web"]["environment"]["DATABASE_URL"].startswith("postgresql://")
    assert services["web"]["ports"] == ["127.0.0.1:8000:8000"]
    # Development mail goes to Mailpit.
    assert services["mailpit"]["image"].startswith("axllent/mailpit")
    assert services["web"]["environment"]["EMAIL_HOST"] == "mailpit"


def test_dockerfile_is_multi_stage_non_root_and_serves_wsgi(render: Render) -> None:
    project = render()
    dockerfile = (project / "Dockerfile").read_text()
    assert len(re.findall(r"^FROM ", dockerfile, re.MULTILINE)) == 2
    assert "uv sync --locked --no-default-groups" in dockerfile
    assert re.search(r"^USER 10001:10001$", dockerfile, re.MULTILINE)
    assert "/health/" in next(line for line in dockerfile.splitlines() if "CMD [" in line)
    assert "python manage.py migrate --noinput && exec granian " in dockerfile
    cmd = docker_cmd(project)
    assert cmd[:3] == ["granian", "--interface", "wsgi"]
    assert cmd[-1] == "demo.config.wsgi:application"
    assert (project / "src" / "demo" / "config" / "wsgi.py").is_file()


def docker_cmd(project: Path) -> list[str]:
    """The server command of the Dockerfile's CMD (which migrates first), with the options the
    image's GRANIAN_* variables give it written as flags."""
    dockerfile = (project / "Dockerfile").read_text()
    line = next(line for line in dockerfile.splitlines() if line.startswith("CMD "))
    shell: str = json.loads(line.removeprefix("CMD "))[-1]
    server = shlex.split(shell.rpartition("exec ")[2])
    options = re.findall(r"^\s+GRANIAN_([A-Z_]+)=(\S+)", dockerfile, re.MULTILINE)
    flags = [
        arg for name, value in options for arg in (f"--{name.lower().replace('_', '-')}", value)
    ]
    return [server[0], *flags, *server[1:]]


def test_secret_differs_per_project_and_is_never_tracked(render: Render) -> None:
    first, second = render("one"), render("two")
    secrets_ = {secret_of(first), secret_of(second)}
    assert len(secrets_) == 2
    for project in (first, second):
        secret = secret_of(project)
        answers = (project / ".copier-answers.yml").read_text()
        assert "secret" not in answers
        run(["git", "init", "-q"], cwd=project)
        run(["git", "add", "-A"], cwd=project)
        tracked = run(["git", "ls-files"], cwd=project).stdout.split()
        assert ".env" not in tracked
        assert ".env.example" in tracked
        leaks = [name for name in tracked if secret in (project / name).read_text()]
        assert not leaks, f"the secret key is in tracked files: {leaks}"
        for other in secrets_ - {secret}:
            assert not any(other in (project / name).read_text() for name in tracked)


def newproj_commands(project: Path) -> dict[str, list[str]]:
    """The [tool.newproj] table the setup hook reads."""
    table: dict[str, list[str]] = tomllib.loads((project / "pyproject.toml").read_text())["tool"][
        "newproj"
    ]
    assert table["test"][0] == "pytest"
    assert table["migrate"][:2] == ["python", "manage.py"]
    assert table["seed"] == ["python", "manage.py", "seed_bench"]
    assert table["serve"] == ["python", "manage.py", "runserver"]
    return table


# The longest slug copier.yml allows: every line the templates fill in must stay lint-clean.
LONG_SLUG = "a_project_slug_as_long_as_the_questionnaire_allows"
SLOW_CASES = [
    pytest.param("sqlite", LONG_SLUG, id="db:sqlite"),
    pytest.param("postgresql", "demo", id="db:postgresql", marks=pytest.mark.postgres),
]


@pytest.mark.slow
@pytest.mark.parametrize(("database", "slug"), SLOW_CASES)
def test_generated_project_lints_migrates_seeds_benches_and_serves(
    render: Render, request: pytest.FixtureRequest, database: str, slug: str
) -> None:
    """A project with the default answers, as its user and its Dockerfile run it. Its type check
    and its own suite run in the feature matrix (tests/test_features.py, every pair of answers)
    and in a full `newproj create` (tests/test_setup.py)."""
    env = {}
    if database == "postgresql":
        env["DATABASE_URL"] = request.getfixturevalue("postgres_url")
    project = Project(render(database=database, project_slug=slug), env=env)
    commands = newproj_commands(project.path)
    project.sync()

    project.run("ruff", "check", ".")
    project.run("ruff", "format", "--check", ".")
    project.run("python", "manage.py", "makemigrations", "--check", "--dry-run")
    project.run(*commands["migrate"])
    in_use = (
        "from django.db import connection as c; c.ensure_connection(); "
        "print(c.vendor, getattr(c, 'pool', None) is not None, c.settings_dict['CONN_MAX_AGE'])"
    )
    # Persistent connections by default (SQLite: for the thread's life; PostgreSQL: renewed
    # after DATABASE_CONN_MAX_AGE seconds); psycopg's pool on request.
    database_in_use = project.run("python", "manage.py", "shell", "-c", in_use)
    max_age = "600" if database == "postgresql" else "None"
    assert database_in_use.stdout.split()[-3:] == [database, "False", max_age]
    if database == "postgresql":
        pooled = project.run(
            "python", "manage.py", "shell", "-c", in_use, env={"DATABASE_POOL": "true"}
        )
        assert pooled.stdout.split()[-3:] == [database, "True", "0"]
    for _ in range(2):  # idempotent: a second run leaves the same rows
        seeded = project.run(*commands["seed"])
        assert seeded.stdout == "Seeded 10000 World rows and 12 Fortune rows.\n"
    counts = project.run(
        "python",
        "manage.py",
        "shell",
        "-c",
        "from django.db import connection as c; cursor = c.cursor(); "
        "print(*(cursor.execute(f'SELECT count(*) FROM bench_{t}').fetchone()[0] "
        "for t in ('world', 'fortune')))",
    )
    assert counts.stdout.split()[-2:] == ["10000", "12"]

    bench(project, database)

    production = {
        "DJANGO_SETTINGS_MODULE": f"{slug}.config.settings.production",
        "SECRET_KEY": secrets.token_hex(64),
        "ALLOWED_HOSTS": "example.com",
    }
    project.run(
        "python", "manage.py", "check", "--deploy", "--fail-level", "WARNING", env=production
    )
    project.run("pre-commit", "validate-config")

    # Serve it as the Dockerfile does: runtime dependencies only (no dev groups), collected
    # static files, granian's WSGI mode.
    run([uv_bin(), "sync", "--no-dev", "--python", sys.executable], cwd=project.path)
    no_pytest = project.run(
        "python", "-c", "import importlib.util as u; print(u.find_spec('pytest'))"
    )
    assert no_pytest.stdout.strip() == "None"
    production["ALLOWED_HOSTS"] = "127.0.0.1"
    project.run("python", "manage.py", "collectstatic", "--noinput", env=production)
    with serving(project, docker_cmd(project.path), env=production) as get:
        status, body = get("/health/")
        assert (status, json.loads(body)) == (200, {"status": "ok", "database": "ok"})
        status, body = get("/")
        assert status == 200
        stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', body.decode())
        assert stylesheet, "no hashed stylesheet: static files are not in the manifest"
        status, body = get(stylesheet.group(1))
        assert status == 200
        # Served byte for byte as written (no url() in it for the manifest to rewrite).
        source = project.path / "src" / slug / "static" / "css" / "site.css"
        assert body == source.read_bytes()


def bench(project: Project, database: str) -> None:
    """`uv run bench` serves the project as production does and writes the report `newproj
    bench` reads: every test type answered, without errors (the figures are not checked)."""
    if shutil.which("wrk") is None:
        service_missing("wrk is not installed (apt-get install wrk)")
    out = project.path / "bench.json"
    # A one-second warm-up: the first requests compile templates and open connections, which on
    # a busy machine can leave a one-second run with no request completed.
    result = project.run("bench", "--duration", "1", "--warmup", "1", "--out", str(out))
    report = json.loads(out.read_text())
    assert report["framework"] == "django"
    assert report["database"] == database
    assert re.fullmatch(r"granian 2\.[\d.]+ \(wsgi\)", report["server"]), report["server"]
    assert {"python", "django", "granian"} <= set(report["versions"])
    assert (report["workers"], report["connections"], report["duration"]) == (1, 64, 1)
    check_bench_report(report, result.stdout)


def with_options(cmd: list[str], **options: str) -> list[str]:
    """`cmd` with the given `--name value` options replaced (or added before the last argument)."""
    argv = list(cmd)
    for name, value in options.items():
        flag = f"--{name}"
        if flag in argv:
            argv[argv.index(flag) + 1] = value
        else:
            argv[-1:-1] = [flag, value]
    return argv


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def serving(
    project: Project, cmd: list[str], *, env: dict[str, str]
) -> Iterator[Callable[[str], tuple[int, bytes]]]:
    """Run the server command (host and port replaced); yield a GET function as if over HTTPS."""
    port = free_port()
    argv = with_options(cmd, host="127.0.0.1", port=str(port), workers="1")
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy

    def get(path: str) -> tuple[int, bytes]:
        # The proxy in front of production terminates TLS and says so in this header.
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-Proto": "https"}
        )
        with direct.open(request, timeout=10) as response:
            status: int = response.status
            return status, response.read()

    with subprocess.Popen(
        [uv_bin(), "run", "--no-sync", *argv],
        cwd=project.path,
        env={**os.environ, **project.env, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    ) as server:
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    get("/health/")
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        server.kill()
                        output = server.communicate()[0].decode()
                        pytest.fail(f"the server did not start: {argv}\n{output}")
                    time.sleep(0.2)
            yield get
        finally:
            server.terminate()
            server.communicate(timeout=10)


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.usefixtures("postgres_url")  # skips (or fails in CI) when the server is down
def test_setup_hook_makes_a_postgresql_project_green_from_its_env_alone(
    render: Render, template_src: Path
) -> None:
    """The hook passes nothing but .env: its DATABASE_URL names a database that does not exist
    yet, and the project's own migrate command creates it."""
    import psycopg

    slug = f"newproj_{uuid.uuid4().hex[:12]}"
    project = render(database="postgresql", project_slug=slug)
    assert (
        f"DATABASE_URL=postgresql://postgres@127.0.0.1:5432/{slug}"
        in (project / ".env").read_text()
    )
    try:
        done = run(
            [sys.executable, str(template_src / "hooks" / "setup.py"), str(project), "--json"],
            cwd=project,
        )
        report = json.loads(done.stdout)
        steps = {step["name"]: step["status"] for step in report["steps"]}
        assert report["ok"], report
        assert [steps[name] for name in ("install", "git", "migrate", "seed", "test")] == ["ok"] * 5
        assert report["tests"]["passed"] > 40
        assert report["tests"]["failed"] == report["tests"]["errors"] == 0
        with psycopg.connect(POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{slug}") as conn:
            row = conn.execute("SELECT to_regclass('public.notes_note')").fetchone()
            assert row is not None
            assert row[0] == "notes_note"
            worlds = conn.execute("SELECT count(*) FROM bench_world").fetchone()
            assert worlds == (10_000,)
    finally:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as conn:
            for name in (slug, f"test_{slug}"):
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
