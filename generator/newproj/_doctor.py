"""`newproj doctor`: can this machine generate and set up a project? Each check has a fix."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

from newproj._tools import find_uv

DEFAULT_INDEX = "https://pypi.org/simple/"


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    hint: str = ""
    required: bool = True

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _run(*cmd: str) -> subprocess.CompletedProcess[str] | None:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=15, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None


def check_python() -> Check:
    version = ".".join(map(str, sys.version_info[:3]))
    ok = sys.version_info >= (3, 11)
    return Check(
        "python",
        ok,
        f"Python {version} at {sys.executable}",
        "" if ok else "Install Python 3.11 or newer (generated projects need it)",
    )


def check_uv() -> Check:
    uv = find_uv()
    proc = _run(uv, "--version") if uv else None
    if proc is None or proc.returncode:
        return Check(
            "uv",
            False,
            "uv is not available",
            "Reinstall newproj (it depends on uv) or `pip install uv`; setup falls back "
            "to venv + pip meanwhile",
        )
    return Check("uv", True, proc.stdout.strip())


def check_git() -> list[Check]:
    proc = _run("git", "--version")
    if proc is None or proc.returncode:
        return [
            Check(
                "git",
                False,
                "git is not installed",
                "Install git (e.g. `apt-get install git`); updates need it",
            )
        ]
    checks = [Check("git", True, proc.stdout.strip())]
    identity = {key: _run("git", "config", key) for key in ("user.name", "user.email")}
    missing = [k for k, p in identity.items() if p is None or p.returncode or not p.stdout.strip()]
    if missing:
        checks.append(
            Check(
                "git identity",
                False,
                f"git has no {' and no '.join(missing)}",
                'Run `git config --global user.name "Your Name"` and `git config --global '
                "user.email you@example.com` (meanwhile the first commit uses the project author)",
                required=False,
            )
        )
    else:
        name, email = (identity[k].stdout.strip() for k in ("user.name", "user.email"))  # type: ignore[union-attr]
        checks.append(Check("git identity", True, f"{name} <{email}>", required=False))
    return checks


def check_writable(dest_parent: Path) -> Check:
    folder = dest_parent.expanduser().absolute()
    while not folder.exists():
        folder = folder.parent
    ok = os.access(folder, os.W_OK)
    return Check(
        "destination",
        ok,
        f"{folder} is {'writable' if ok else 'not writable'}",
        "" if ok else "Choose a destination under a folder you can write to",
    )


def package_index() -> str:
    for name in ("UV_DEFAULT_INDEX", "UV_INDEX_URL", "PIP_INDEX_URL"):
        if os.environ.get(name):
            return os.environ[name]
    return DEFAULT_INDEX


def check_index(timeout: float = 5.0) -> Check:
    url = package_index()
    try:
        request = urllib.request.Request(url.rstrip("/") + "/pip/", method="GET")  # noqa: S310
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return Check(
            "package index",
            False,
            f"{url} is unreachable ({reason})",
            "Check the network or point UV_INDEX_URL at a mirror; meanwhile "
            "`newproj create --no-setup` renders and `uv sync` finishes later",
        )
    ok = status < 500
    return Check(
        "package index",
        ok,
        f"{url} answered HTTP {status}",
        "" if ok else "The index is failing; retry later or use a mirror",
    )


def check_project_services(project: Path) -> list[Check]:
    """In a generated project whose pyproject.toml declares `[tool.newproj] preflight` (e.g. one
    with background jobs, which need Redis): run that check, as the setup does."""
    import tomllib

    try:
        with (project / "pyproject.toml").open("rb") as handle:
            table = tomllib.load(handle).get("tool", {}).get("newproj", {})
    except (OSError, tomllib.TOMLDecodeError):
        return []
    argv = [str(part) for part in table.get("preflight") or []]
    uv = find_uv()
    if not argv or not uv:
        return []
    try:
        proc = subprocess.run(
            [uv, "run", "--no-sync", *argv],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return [Check("project services", False, f"the preflight check did not run ({exc})")]
    # The check's own last line: on stderr when it fails (after uv's own messages), else stdout.
    output = (proc.stderr or proc.stdout) if proc.returncode else (proc.stdout or proc.stderr)
    said = [line for line in output.splitlines() if line.strip()]
    last = said[-1] if said else f"exit code {proc.returncode}"
    if proc.returncode:
        return [Check("project services", False, last, "Start it, then run `newproj doctor` again")]
    return [Check("project services", True, last)]


def run_checks(dest_parent: Path, project: Path | None = None) -> list[Check]:
    return [
        check_python(),
        check_uv(),
        *check_git(),
        check_writable(dest_parent),
        check_index(),
        *check_project_services(project or Path.cwd()),
    ]
