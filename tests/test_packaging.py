"""The wheel carries the template: `newproj create` works from an install with no checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, run, uv_bin

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    run([uv_bin(), "build", "--wheel", "--out-dir", str(out), str(ROOT)], cwd=ROOT)
    (built,) = out.glob("newproj-*.whl")
    return built


def test_wheel_contains_the_template(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "newproj/_template/copier.yml",
        "newproj/_template/hooks/setup.py",
        "newproj/_template/template-django/pyproject.toml.jinja",
        "newproj/_template/template-fastapi/pyproject.toml.jinja",
        "newproj/_template/template-shared/bench/cli.py",
        "newproj/py.typed",
    ):
        assert required in names, required
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


def test_installed_wheel_renders_without_a_checkout(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    run([uv_bin(), "venv", "--quiet", "--python", sys.executable, str(venv)], cwd=tmp_path)
    run(
        [
            uv_bin(),
            "pip",
            "install",
            "--quiet",
            "--python",
            str(venv / "bin" / "python"),
            str(wheel),
        ],
        cwd=tmp_path,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = run(
        [str(venv / "bin" / "newproj"), "create", "demo", "--yes", "--no-setup"], cwd=elsewhere
    )
    answers = yaml.safe_load((elsewhere / "demo" / ".copier-answers.yml").read_text())
    assert answers["project_name"] == "Demo"
    assert "site-packages" not in answers["_src_path"]
    where = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "from newproj._source import bundled_template_dir as d; print(d())",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert "site-packages" in where, where  # the bundled copy, not this checkout
    assert proc.returncode == 0
