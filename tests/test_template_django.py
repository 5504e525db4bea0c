"""template-django: what it renders, and that the generated project passes its own checks.

Fast tests look at rendered files only. The slow ones install the project with uv and run what a
developer (and the setup hook) would: ruff, mypy, migrations, the project's own test suite, and
Django's deployment checks against the production settings.
"""

from __future__ import annotations

import re
import secrets
import time
import tomllib
from pathlib import Path

import pytest
from conftest import Project, Render, run

DATABASES = [
    pytest.param("sqlite", id="db:sqlite"),
    pytest.param("postgresql", id="db:postgresql", marks=pytest.mark.postgres),
]
SECRET_LINE = re.compile(r"^SECRET_KEY=([0-9a-f]{128})$", re.MULTILINE)
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
        if DJANGO_TEMPLATES in path.relative_to(project).parts and path.suffix == ".html":
            continue
        text = path.read_text()
        assert "{{" not in text, f"{path.relative_to(project)} contains '{{{{'"
        assert "{%" not in text, f"{path.relative_to(project)} contains '{{%'"
        assert not path.name.endswith(".jinja"), path
        checked += 1
    assert checked > 40
    assert (project / "src" / "demo" / "config" / "settings" / "production.py").is_file()


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
        for name in re.findall(r"env(?:\.\w+)?\(\s*\"([A-Z0-9_]+)\"", module.read_text())
    }
    assert used, "the settings read no environment variables"
    assert used <= documented, f"undocumented in .env.example: {sorted(used - documented)}"


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
    return table


@pytest.mark.slow
@pytest.mark.parametrize("database", DATABASES)
def test_generated_project_passes_its_own_checks_and_tests(
    render: Render, request: pytest.FixtureRequest, database: str
) -> None:
    env = {}
    if database == "postgresql":
        env["DATABASE_URL"] = request.getfixturevalue("postgres_url")
    project = Project(render(database=database), env=env)
    commands = newproj_commands(project.path)
    project.sync()

    project.run("ruff", "check", ".")
    project.run("ruff", "format", "--check", ".")
    project.run("mypy")
    project.run("python", "manage.py", "makemigrations", "--check", "--dry-run")
    project.run(*commands["migrate"])
    if database == "postgresql":
        engine = project.run(
            "python",
            "manage.py",
            "shell",
            "-c",
            "from django.db import connection; print(connection.vendor)",
        )
        assert engine.stdout.strip().splitlines()[-1] == "postgresql"

    started = time.monotonic()
    tests = project.run(*commands["test"], "-p", "no:cacheprovider")
    elapsed = time.monotonic() - started
    summary = tests.stdout.strip().splitlines()[-1]
    assert re.search(r"\d+ passed", summary), summary
    assert not re.search(r"failed|error|skipped", summary), summary
    if database == "sqlite":
        assert elapsed < 15, f"the generated suite took {elapsed:.1f}s: {summary}"

    production = {
        "DJANGO_SETTINGS_MODULE": "demo.config.settings.production",
        "SECRET_KEY": secrets.token_hex(64),
        "ALLOWED_HOSTS": "example.com",
    }
    project.run(
        "python", "manage.py", "check", "--deploy", "--fail-level", "WARNING", env=production
    )
