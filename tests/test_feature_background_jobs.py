"""Features that need a service (background jobs, real-time rooms: Redis): the `preflight`
contract (setup stops with exit 3 and the check's one line) and `newproj doctor` running the same
check inside a generated project.

The jobs themselves (real workers, Redis, RabbitMQ) are tested by the generated projects' own
suites; here the fake projects' preflight is a one-line Python command.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from newproj._setup import load_hook
from newproj._source import bundled_template_dir

FAILING = "import sys; print('Redis is not reachable at redis://127.0.0.1:9/0: start Redis', file=sys.stderr); sys.exit(1)"  # noqa: E501
PASSING = "print('The job queue is reachable.')"


def _project(folder: Path, preflight: str) -> Path:
    folder.mkdir()
    (folder / "pyproject.toml").write_text(
        '[project]\nname = "demo"\nversion = "0"\nrequires-python = ">=3.11"\n\n'
        "[tool.newproj]\n"
        f"preflight = {json.dumps(['python', '-c', preflight])}\n"
        'migrate = ["python", "-c", "open(\'migrated\', \'w\').close()"]\n'
        'test = ["python", "-c", "print(\'1 passed in 0.1s\')"]\n',
        encoding="utf-8",
    )
    return folder


def test_a_failing_preflight_stops_setup_with_its_one_line(tmp_path: Path) -> None:
    hook = load_hook(bundled_template_dir())
    project = _project(tmp_path / "demo", FAILING)
    report = hook.run_setup(project, skip=("install", "git"))
    steps = {step.name: step for step in report.steps}
    assert steps["preflight"].status == "failed"
    assert steps["preflight"].detail == (
        "Redis is not reachable at redis://127.0.0.1:9/0: start Redis"
    )
    assert steps["migrate"].status == "skipped"
    assert not (project / "migrated").exists()
    assert report.failed_step.name == "preflight"
    assert (project / "pyproject.toml").is_file()  # the project is kept


def test_the_hook_exits_3_when_preflight_fails(tmp_path: Path) -> None:
    project = _project(tmp_path / "demo", FAILING)
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    proc = subprocess.run(
        [sys.executable, str(bundled_template_dir() / "hooks" / "setup.py"), str(project)],
        capture_output=True,
        text=True,
        check=False,
        env={
            **os.environ,
            "GIT_AUTHOR_NAME": "t",
            "GIT_COMMITTER_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.com",
            "GIT_COMMITTER_EMAIL": "t@example.com",
        },
    )
    assert proc.returncode == 3, proc.stderr
    assert "preflight FAILED: Redis is not reachable" in proc.stderr


def test_a_passing_preflight_lets_setup_go_on(tmp_path: Path) -> None:
    hook = load_hook(bundled_template_dir())
    project = _project(tmp_path / "demo", PASSING)
    report = hook.run_setup(project, skip=("install", "git"))
    assert report.ok, [(s.name, s.status, s.detail) for s in report.steps]
    assert (project / "migrated").exists()


@pytest.mark.parametrize(("preflight", "ok"), [(FAILING, False), (PASSING, True)])
def test_doctor_runs_the_projects_preflight(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, preflight: str, ok: bool
) -> None:
    from newproj._doctor import check_project_services

    project = _project(tmp_path / "demo", preflight)
    [check] = check_project_services(project)
    assert (check.name, check.ok) == ("project services", ok)
    expected = "Redis is not reachable" if not ok else "The job queue is reachable."
    assert check.detail.startswith(expected)


def test_doctor_has_no_project_check_outside_a_project(tmp_path: Path) -> None:
    from newproj._doctor import check_project_services

    assert check_project_services(tmp_path) == []


@pytest.mark.slow
@pytest.mark.parametrize("feature", ["background_jobs", "realtime"])
def test_create_without_redis_stops_at_preflight_and_keeps_the_project(
    tmp_path: Path, feature: str
) -> None:
    dest = tmp_path / "demo"
    argv = ["create", str(dest), "--yes", "--json", "--framework", "fastapi"]
    proc = subprocess.run(
        [sys.executable, "-m", "newproj", *argv, "-d", f"{feature}=true"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        # Nothing listens on the discard port: Redis is "not running".
        env={**os.environ, "REDIS_URL": "redis://127.0.0.1:9/0"},
    )
    assert proc.returncode == 3, proc.stderr
    setup = json.loads(proc.stdout)["setup"]
    assert setup["failed_step"] == "preflight"
    steps = {step["name"]: step for step in setup["steps"]}
    assert steps["preflight"]["detail"].startswith(
        "Redis is not reachable at redis://127.0.0.1:9/0"
    )
    assert "start Redis" in steps["preflight"]["detail"]
    assert steps["migrate"]["status"] == "skipped"
    # One check for every feature that needs Redis; the project is kept.
    assert (dest / "src" / "demo" / "preflight.py").is_file()
