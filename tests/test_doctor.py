"""`newproj doctor`: each check reports, and says how to fix what fails."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from newproj import _doctor
from newproj._cli import app
from typer.testing import CliRunner


def doctor(*args: str, env: dict[str, str] | None = None) -> tuple[int, dict]:
    result = CliRunner().invoke(app, ["doctor", "--json", *args], env=env)
    return result.exit_code, json.loads(result.stdout)


def test_checks_are_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        _doctor, "check_index", lambda: _doctor.Check("package index", True, "not asked here")
    )
    code, report = doctor("--dest", str(tmp_path / "new" / "project"))
    names = [c["name"] for c in report["checks"]]
    assert names == ["python", "uv", "git", "git identity", "destination", "package index"]
    assert code == 0
    assert report["ok"] is True
    destination = next(c for c in report["checks"] if c["name"] == "destination")
    assert str(tmp_path) in destination["detail"]


def test_unreachable_index_fails_with_a_hint() -> None:
    code, report = doctor(env={"UV_DEFAULT_INDEX": "http://127.0.0.1:9/simple"})
    index = next(c for c in report["checks"] if c["name"] == "package index")
    assert index["ok"] is False
    assert "127.0.0.1:9" in index["detail"]
    assert "--no-setup" in index["hint"]
    assert code == 1


def test_missing_git_identity_is_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "empty.gitconfig").write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "empty.gitconfig"))
    monkeypatch.chdir(tmp_path)
    _, report = doctor(env={"UV_DEFAULT_INDEX": "http://127.0.0.1:9/simple"})
    identity = next(c for c in report["checks"] if c["name"] == "git identity")
    assert identity["ok"] is False
    assert identity["required"] is False
    assert "git config --global user.name" in identity["hint"]
