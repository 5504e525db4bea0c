"""Issue 12 item 6: the README quickstart, verbatim, on Debian's system Python.

Both paths the README promises: a system Python under PEP 668 (the EXTERNALLY-MANAGED marker,
venv available), and one where `python3 -m venv` and pip are unavailable, as on a Debian without
python3-venv and python3-pip. That second machine is simulated honestly: `python3` on PATH is the
system Python with `venv`, `ensurepip` and `pip` made unimportable, and the test proves they are.
No uv is on PATH in either case.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import service_missing

ROOT = Path(__file__).resolve().parents[1]
SYSTEM_PYTHON = Path("/usr/bin/python3")
QUICKSTART = ["scripts/uv run newproj create ~/acme --yes", "scripts/test"]


def readme_quickstart() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Quickstart") :]
    block = section[section.index("```console\n") + len("```console\n") :]
    return block[: block.index("```")].strip().splitlines()


def test_readme_quickstart_is_the_one_tested_here() -> None:
    assert readme_quickstart() == QUICKSTART


def _clone(dest: Path) -> Path:
    """This working tree as a fresh clone would have it (tracked and new files, no .venv)."""
    listed = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if not source.is_file():
            continue
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
        target.chmod(source.stat().st_mode)
    return dest


def _bare_machine(tmp_path: Path, *, without_venv: bool) -> dict[str, str]:
    """PATH with the system Python (or a shim of it without venv/pip), git and coreutils only."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    if without_venv:
        shadow = tmp_path / "no-venv"
        for module in ("venv", "ensurepip", "pip"):
            (shadow / module).mkdir(parents=True)
            (shadow / module / "__init__.py").write_text(
                f"raise ImportError('{module} is not installed (no python3-venv/python3-pip)')\n"
            )
        shim = bin_dir / "python3"
        shim.write_text(f'#!/bin/sh\nPYTHONPATH="{shadow}" exec {SYSTEM_PYTHON} "$@"\n')
        shim.chmod(0o755)
    home = tmp_path / "home"
    home.mkdir()
    # The machine's network settings (proxies, CA certificates, index mirrors) stay: they are
    # the machine's, not a Python's. What a developer's shell adds for Python goes.
    dropped = ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "UV_PYTHON", "CONDA_PREFIX")
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    env.update(
        PATH=f"{bin_dir}:/usr/bin:/bin",
        HOME=str(home),
        XDG_CACHE_HOME=str(home / ".cache"),
        UV_PYTHON_DOWNLOADS="never",
    )
    probe = subprocess.run(
        ["bash", "-c", "command -v uv; python3 -m venv --help; python3 -m pip --version"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "/uv" not in probe.stdout, "uv must not be on PATH for this check"
    if without_venv:
        assert "venv is not installed" in probe.stderr, probe.stderr
        assert "pip is not installed" in probe.stderr, probe.stderr
    return env


@pytest.mark.slow
@pytest.mark.parametrize("without_venv", [False, True], ids=["pep668", "no-venv-no-pip"])
def test_quickstart_verbatim_on_the_system_python(without_venv: bool, tmp_path: Path) -> None:
    if not SYSTEM_PYTHON.exists():
        service_missing("needs Debian's system Python at /usr/bin/python3")
    marker = subprocess.run(
        [str(SYSTEM_PYTHON), "-c", "import sysconfig; print(sysconfig.get_path('stdlib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(marker, "EXTERNALLY-MANAGED").exists(), "expected a PEP 668 system Python"
    clone = _clone(tmp_path / "newproj")
    env = _bare_machine(tmp_path, without_venv=without_venv)
    first, second = readme_quickstart()
    create = subprocess.run(
        ["bash", "-c", first], cwd=clone, env=env, capture_output=True, text=True, timeout=1500
    )
    assert create.returncode == 0, create.stderr[-6000:]
    acme = Path(env["HOME"]) / "acme"
    assert (acme / ".copier-answers.yml").is_file()
    assert "passed, 0 failed" in create.stderr, create.stderr[-3000:]
    # The whole suite is what `.ci/run` runs; here the README's command runs one quick file.
    tests = subprocess.run(
        ["bash", "-c", f"{second} -q tests/test_exported_members.py"],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert tests.returncode == 0, tests.stdout[-4000:] + tests.stderr[-4000:]
    assert " passed" in tests.stdout
