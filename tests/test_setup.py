"""From questions to a project that is proven green: the setup hook, via both entry points."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import copier
import pytest
from newproj import load_questionnaire

pytestmark = pytest.mark.slow

NEWPROJ = [sys.executable, "-m", "newproj"]
CLOSED_INDEX = "http://127.0.0.1:9/simple"  # nothing listens on the discard port


def newproj(
    *args: str, env: dict[str, str] | None = None, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*NEWPROJ, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env={**os.environ, **(env or {})},
    )


def git(project: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(project), *args], capture_output=True, text=True, check=True
    ).stdout


def assert_no_import_name_is_a_valid_slug(project: Path) -> None:
    """Every import name in a generated project's environment is a reserved slug, so no project
    package can shadow one of its own dependencies."""
    (site,) = project.glob(".venv/lib/python3*/site-packages")
    names = set()
    for path in site.iterdir():
        if path.is_dir() and not path.name.endswith((".dist-info", ".data")):
            if (path / "__init__.py").exists() or any(path.glob("*.py")):
                names.add(path.name)
        elif path.suffix in {".py", ".so"}:
            names.add(path.name.split(".")[0])
    slug_shaped = {name for name in names if re.fullmatch(r"[a-z][a-z0-9_]{1,49}", name)}
    reserved = load_questionnaire().reserved_slugs
    every = {name for group in reserved.values() for name in group}
    assert sorted(slug_shaped - every) == []


def assert_green_git_project(project: Path) -> None:
    assert (project / ".venv").is_dir()
    assert len(git(project, "log", "--oneline").splitlines()) == 1
    assert git(project, "status", "--porcelain") == ""
    assert ".env" not in git(project, "ls-files").split()


@pytest.mark.parametrize("framework", ["django", "fastapi"])
def test_create_yes_ends_green(framework: str, tmp_path: Path) -> None:
    dest = tmp_path / "a"
    # Set, as on many CI machines and containers: the steps still cache bytecode in the project's
    # .venv, so that each of them does not compile the framework anew.
    proc = newproj(
        "create", str(dest), "--yes", "--framework", framework, "--json",
        env={"PYTHONDONTWRITEBYTECODE": "1"},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr + proc.stdout
    report = json.loads(proc.stdout)
    setup = report["setup"]
    assert setup["ok"] is True
    assert [s["name"] for s in setup["steps"]][:3] == ["install", "git", "migrate"]
    assert all(s["status"] == "ok" and s["seconds"] >= 0 for s in setup["steps"])
    assert setup["tests"]["passed"] > 0
    assert setup["tests"]["failed"] == 0
    assert_green_git_project(dest)
    assert list(dest.glob(f".venv/lib/python3*/site-packages/{framework}/__pycache__/*.pyc"))
    assert_no_import_name_is_a_valid_slug(dest)
    human = newproj("create", str(tmp_path / "b"), "--yes", "--framework", framework)
    assert human.returncode == 0, human.stderr
    assert f"Tests: {setup['tests']['passed']} passed, 0 failed" in human.stderr


def test_copier_copy_runs_the_same_hook(template_src: Path, tmp_path: Path) -> None:
    dest = tmp_path / "b"
    copier.run_copy(
        str(template_src),
        dest,
        data={"project_name": "Demo"},
        defaults=True,
        unsafe=True,
        quiet=True,
    )
    assert_green_git_project(dest)
    assert "passed" in (dest / ".newproj" / "logs" / "test.log").read_text()


def test_copier_copy_can_render_only(template_src: Path, tmp_path: Path) -> None:
    dest = tmp_path / "c"
    copier.run_copy(
        str(template_src),
        dest,
        data={"project_name": "Demo", "run_setup": False},
        defaults=True,
        unsafe=True,
        quiet=True,
    )
    assert (dest / ".copier-answers.yml").is_file()
    assert not (dest / ".venv").exists()
    assert not (dest / ".git").exists()


@pytest.fixture
def failing_template(template_src: Path, tmp_path: Path) -> Path:
    """A copy of the template whose generated projects carry one failing test, collected first,
    and whose test command stops at the first failure (the rest proves nothing here)."""
    broken = tmp_path / "broken-template"
    shutil.copytree(template_src, broken)
    (broken / "template-django" / "tests" / "test_0_injected_failure.py").write_text(
        "def test_injected_failure() -> None:\n    assert 1 + 1 == 3\n"
    )
    pyproject = broken / "template-django" / "pyproject.toml.jinja"
    text = pyproject.read_text()
    command = 'test = ["pytest", "-q", "-m", "not slow"]'
    assert command in text
    pyproject.write_text(text.replace(command, command.replace("]", ', "-x"]')))
    return broken


def test_failing_generated_test_exits_3_and_keeps_the_project(
    failing_template: Path, tmp_path: Path
) -> None:
    dest = tmp_path / "red"
    proc = newproj(
        "create",
        str(dest),
        "--yes",
        "--framework",
        "django",
        "--trust",
        "--template",
        str(failing_template),
    )
    assert proc.returncode == 3, proc.stderr
    log = dest / ".newproj" / "logs" / "test.log"
    assert "Step 'test' failed" in proc.stderr
    assert "Full log:" in proc.stderr
    assert "test.log" in proc.stderr
    assert "1 failed" in log.read_text()
    assert (dest / "pyproject.toml").is_file()
    assert "Tests:" in proc.stderr
    assert "1 failed" in proc.stderr


def test_failing_test_under_copier_keeps_the_project(
    failing_template: Path, tmp_path: Path
) -> None:
    dest = tmp_path / "red"
    copier.run_copy(
        str(failing_template),
        dest,
        data={"project_name": "Demo", "framework": "django"},
        defaults=True,
        unsafe=True,
        quiet=True,
    )
    # copier would delete the project on a failing task; the hook reports and keeps it instead.
    assert "1 failed" in (dest / ".newproj" / "logs" / "test.log").read_text()


def test_unreachable_index_fails_fast_with_the_command_to_run_later(tmp_path: Path) -> None:
    dest = tmp_path / "offline"
    env = {
        "UV_DEFAULT_INDEX": CLOSED_INDEX,
        "UV_INDEX_URL": CLOSED_INDEX,
        "PIP_INDEX_URL": CLOSED_INDEX,
    }
    started = time.monotonic()
    proc = newproj("create", str(dest), "--yes", "--json", env=env, timeout=120)
    elapsed = time.monotonic() - started
    assert proc.returncode == 3, proc.stderr
    setup = json.loads(proc.stdout)["setup"]
    assert setup["failed_step"] == "install"
    install = setup["steps"][0]
    assert "package index could not be reached" in install["detail"]
    assert setup["later"][0] == "uv sync"
    assert {s["name"]: s["status"] for s in setup["steps"]}["test"] == "skipped"
    assert (dest / ".copier-answers.yml").is_file()
    assert elapsed < 60, f"took {elapsed:.0f} s"  # generous bound: a hang would take minutes


def test_without_uv_setup_falls_back_to_venv_and_pip(
    render, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hook's fallback, for a Python where uv cannot run: venv + pip, then the same steps."""
    from newproj._setup import load_hook
    from newproj._source import bundled_template_dir

    hook = load_hook(bundled_template_dir())
    monkeypatch.setattr(hook, "_uv", lambda: None)
    project = render("nouv", framework="fastapi")
    report = hook.run_setup(project, skip=("git",))
    assert report.ok, [(s.name, s.status, s.detail, s.log) for s in report.steps]
    assert (project / ".venv" / "bin" / "pip").exists()
    assert not (project / "uv.lock").exists()  # uv never ran
    assert report.tests["passed"] > 0
