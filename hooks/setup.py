"""Set a freshly rendered project up and prove it green.

One implementation for both entry points: copier runs this file as a `_task` (list form, with
copier's own Python), and `newproj create` imports it and calls `run_setup` with a callback that
draws its progress display. Standard library and PyYAML only: it must run under whatever Python
copier has.

Steps, in order (each logged to <project>/.newproj/logs/<step>.log, a folder git ignores):
  install  create .venv and install the project with uv (`python -m venv` + pip if uv can't run)
  git      `git init` and a first commit (copier update needs it), unless already in a repository
  preflight the project's `[tool.newproj] preflight` command, when it has one: checks the services
           it needs (e.g. Redis for background jobs); when it fails, its last line says why and
           the later steps do not run
  createdb the project's `[tool.newproj] createdb` command, when it has one (creates the
           database DATABASE_URL names, if the server lacks it)
  migrate  the project's `[tool.newproj] migrate` command
  seed     the project's `[tool.newproj] seed` command, when it has one
  test     the project's `[tool.newproj] test` command (pytest), with its pass/fail counts
The tests use a database of their own, so the test step runs beside createdb, migrate and seed
(two processes at once), once preflight has passed. A step that fails stops the steps that
depend on it (NEEDS); the project is never deleted.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import threading
import time
import tomllib
from collections.abc import Callable, Collection
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO

STEPS = ("install", "git", "preflight", "createdb", "migrate", "seed", "test")
# The steps each project step needs to have succeeded (or to be absent).
NEEDS = {
    "preflight": {"install"},
    "createdb": {"install", "preflight"},
    "migrate": {"install", "preflight", "createdb"},
    "seed": {"install", "preflight", "createdb", "migrate"},
    "test": {"install", "preflight"},
}
OPTIONAL = {"preflight", "createdb", "seed"}  # run only when the project declares them
STEP_TIMEOUT = {
    "install": 900.0,
    "git": 60.0,
    "preflight": 60.0,
    "createdb": 60.0,
    "migrate": 300.0,
    "seed": 300.0,
    "test": 900.0,
}
# Variables of the caller's environment that would point commands at the wrong environment.
DROPPED_ENV = ("VIRTUAL_ENV", "CONDA_PREFIX", "PYTHONPATH", "PYTHONHOME", "UV_PROJECT_ENVIRONMENT")


@dataclass
class Step:
    name: str
    status: str = "pending"  # pending | running | ok | failed | skipped
    seconds: float = 0.0
    command: list[str] = field(default_factory=list)
    log: str = ""
    detail: str = ""


@dataclass
class Report:
    project: str
    steps: list[Step]
    tests: dict[str, int] = field(default_factory=dict)
    later: list[str] = field(default_factory=list)
    seconds: float = 0.0  # the whole setup's wall time (steps run side by side)

    @property
    def ok(self) -> bool:
        return all(step.status == "ok" for step in self.steps)

    @property
    def failed_step(self) -> Step | None:
        return next((step for step in self.steps if step.status == "failed"), None)

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "project": self.project,
            "steps": [asdict(step) for step in self.steps],
            "tests": self.tests,
            "tests_line": tests_line(self.tests),
            "failed_step": self.failed_step.name if self.failed_step else None,
            "later": self.later,
            "seconds": self.seconds,
        }


Callback = Callable[[Step], None]


def find_uv() -> str | None:
    """The uv binary: the `uv` package newproj depends on, else one on PATH. newproj's own code
    asks this function too (newproj._tools), so there is one way to find it."""
    try:
        from uv import find_uv_bin

        return str(find_uv_bin())
    except (ImportError, FileNotFoundError):
        return shutil.which("uv")


def venv_bin(project: Path) -> Path:
    """The folder of a project's virtualenv that holds its python and console scripts."""
    return project / ".venv" / ("Scripts" if os.name == "nt" else "bin")


def _uv() -> list[str] | None:
    found = find_uv()
    return [found] if found else None


def _python_for_project() -> str | None:
    """This interpreter when it is new enough for the project, else let uv choose."""
    return sys.executable if sys.version_info >= (3, 11) else None


def _config(project: Path) -> dict[str, list[str]]:
    with (project / "pyproject.toml").open("rb") as handle:
        table = tomllib.load(handle).get("tool", {}).get("newproj", {})
    return {key: [str(part) for part in value] for key, value in table.items() if value}


def _answers(project: Path) -> dict[str, str]:
    """.copier-answers.yml, read as YAML (PyYAML comes with copier, whose Python runs this)."""
    import yaml

    path = project / ".copier-answers.yml"
    if not path.is_file():
        return {}
    loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in loaded.items()} if isinstance(loaded, dict) else {}


def _env(project: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in DROPPED_ENV}
    env.setdefault("UV_NO_PROGRESS", "1")
    # The steps may cache bytecode in the new project's .venv and (git-ignored) __pycache__
    # folders, as installers do. Without it, as with PYTHONDONTWRITEBYTECODE set (common in
    # containers and CI), each step and each of the tests' own subprocesses would compile every
    # module anew: some 0.8 s for Django's each time.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """A moment to exit (after Ctrl-C in a terminal, the command got SIGINT too), then SIGTERM,
    which `uv run` passes on to the command it runs (a kill would orphan that), then kill."""
    try:
        proc.wait(timeout=0.25)
        return
    except subprocess.TimeoutExpired:
        proc.terminate()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


class Runner:
    def __init__(self, project: Path, on_event: Callback | None) -> None:
        self.project = project
        self.on_event = on_event or (lambda step: None)
        self.logs = project / ".newproj" / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        (project / ".newproj" / ".gitignore").write_text("# newproj setup logs\n*\n")
        self.env = _env(project)
        # The commands running now: up to two, since the tests run beside migrate and seed.
        self.running: set[subprocess.Popen[bytes]] = set()

    def stop(self) -> None:
        """End the commands still running (setup was interrupted), as subprocess.run would."""
        for proc in list(self.running):
            _stop(proc)

    def _call(self, command: list[str], log: IO[str], timeout: float) -> int | str:
        try:
            proc = subprocess.Popen(
                command,
                cwd=self.project,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        except OSError as exc:
            return f"cannot run: {exc}"
        self.running.add(proc)
        try:
            return proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _stop(proc)
            return f"timeout after {timeout:.0f} s"
        except BaseException:
            _stop(proc)
            raise
        finally:
            self.running.discard(proc)

    def run(self, step: Step, *commands: list[str]) -> bool:
        """Run commands in order, logging all output; False at the first failure."""
        step.status = "running"
        step.log = str(self.logs / f"{step.name}.log")
        self.on_event(step)
        started = time.monotonic()
        ok = True
        with open(step.log, "w", encoding="utf-8") as log:
            for command in commands:
                step.command = command
                log.write(f"$ {' '.join(command)}\n")
                log.flush()
                code = self._call(command, log, STEP_TIMEOUT[step.name])
                log.write(f"[exit: {code}]\n")
                if code != 0:
                    step.detail = f"`{' '.join(command)}` failed ({code})"
                    ok = False
                    break
        if not ok and step.name == "preflight":
            # The check's own last line says what to start: the one line the user sees.
            said = Path(step.log).read_text(encoding="utf-8").splitlines()[:-1]
            step.detail = next((line for line in reversed(said) if line.strip()), step.detail)
        step.seconds = round(time.monotonic() - started, 2)
        step.status = "ok" if ok else "failed"
        self.on_event(step)
        return ok

    def uv_run(self, argv: list[str]) -> list[str]:
        uv = _uv()
        if uv:
            return [*uv, "run", "--no-sync", *argv]
        bindir = venv_bin(self.project)
        return (
            [str(bindir / argv[0]), *argv[1:]]
            if (bindir / argv[0]).exists()
            else [str(bindir / "python"), "-m", *argv]
        )


def _install_commands(project: Path) -> list[list[str]]:
    uv = _uv()
    if uv:
        python = _python_for_project()
        return [[*uv, "sync", *(["--python", python] if python else [])]]
    # No uv: a plain virtualenv and pip; pip >= 25.1 installs dependency groups.
    python = _python_for_project() or "python3"
    venv_python = str(venv_bin(project) / "python")
    groups = [arg for group in _default_groups(project) for arg in ("--group", group)]
    return [
        [python, "-m", "venv", ".venv"],
        [venv_python, "-m", "pip", "install", "--quiet", "--upgrade", "pip>=25.1"],
        [venv_python, "-m", "pip", "install", "--quiet", "-e", ".", *groups],
    ]


def _default_groups(project: Path) -> list[str]:
    """The dependency groups `uv sync` would install: `[tool.uv] default-groups`, else dev."""
    with (project / "pyproject.toml").open("rb") as handle:
        data = tomllib.load(handle)
    groups = data.get("tool", {}).get("uv", {}).get("default-groups", ["dev"])
    if groups == "all":
        return list(data.get("dependency-groups", {}))
    return [g for g in groups if g in data.get("dependency-groups", {})]


def _inside_repository(project: Path) -> bool:
    inside = subprocess.run(
        ["git", "rev-parse", "--is-inside-work-tree"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    return inside.returncode == 0


def _git_commands(project: Path) -> list[list[str]]:
    """A new repository with a first commit. Never run inside an existing repository: that
    history, its staged work and its hooks are the user's."""
    commands = [["git", "init", "--quiet", "--initial-branch=main"]]
    identity = []
    for key, answer in (("user.name", "author_name"), ("user.email", "author_email")):
        configured = subprocess.run(
            ["git", "config", key], cwd=project, capture_output=True, text=True, check=False
        )
        if configured.returncode != 0 or not configured.stdout.strip():
            identity += ["-c", f"{key}={_answers(project).get(answer) or 'newproj'}"]
    commands.append(["git", "add", "--all"])
    commands.append(
        ["git", *identity, "commit", "--quiet", "--no-verify", "-m", "Initial commit from newproj"]
    )
    return commands


# How uv and pip say that the package index cannot be reached.
_OFFLINE = re.compile(
    r"error sending request|tcp connect error|connection refused|failed to fetch|"
    r"dns error|name resolution|network is unreachable|could not connect|timed out",
    re.IGNORECASE,
)
_COUNT = re.compile(r"(\d+) (passed|failed|errors?|skipped|xfailed|xpassed|deselected)")


def parse_pytest_counts(output: str) -> dict[str, int]:
    """Counts from pytest's closing line ("3 passed, 1 failed in 2.1s")."""
    for line in reversed(output.splitlines()):
        found = _COUNT.findall(line)
        if found and (" in " in line or "=" in line):
            counts = {"passed": 0, "failed": 0, "errors": 0, "skipped": 0}
            for number, kind in found:
                key = "errors" if kind.startswith("error") else kind
                counts[key] = counts.get(key, 0) + int(number)
            return counts
    return {}


def tests_line(counts: dict[str, int]) -> str:
    """The test step's counts ("12 passed, 0 failed") and what it left out (its command
    deselects the tests marked slow), with how to run them."""
    line = f"{counts.get('passed', 0)} passed, {counts.get('failed', 0)} failed"
    if counts.get("errors"):
        line += f", {counts['errors']} errors"
    left_out = counts.get("deselected", 0)
    if left_out:
        tests = "1 slow test" if left_out == 1 else f"{left_out} slow tests"
        line += f" ({tests} left out: `uv run pytest` runs every test)"
    return line


OFFLINE_DETAIL = "the package index could not be reached; run `uv sync` in the project once it can"


def run_setup(
    project: Path, *, on_event: Callback | None = None, skip: Collection[str] = ()
) -> Report:
    """Run every step in `project` (but those in `skip`); never raises for a failing step, never
    deletes anything."""
    started = time.monotonic()
    project = project.resolve()
    config = _config(project)
    steps = {
        name: Step(name)
        for name in STEPS
        if name not in skip and (name not in OPTIONAL or name in config)
    }
    report = Report(project=str(project), steps=list(steps.values()))
    runner = Runner(project, on_event)
    if "install" in steps:
        install = steps["install"]
        installed = runner.run(install, *_install_commands(project))
        if not installed and _OFFLINE.search(Path(install.log).read_text(encoding="utf-8")):
            install.detail = OFFLINE_DETAIL
    if "git" in steps:
        _git_step(runner, steps["git"], project)
    if "preflight" in steps:
        _project_step(runner, steps["preflight"], report, config)
    tests = None
    if "test" in steps:
        tests = threading.Thread(
            target=_project_step,
            args=(runner, steps["test"], report, config),
            name="newproj-setup-test",
            daemon=True,
        )
        tests.start()
    try:
        for name in ("createdb", "migrate", "seed"):
            if name in steps:
                _project_step(runner, steps[name], report, config)
        if tests is not None:
            tests.join()
    except BaseException:
        # Interrupted (Ctrl-C): the tests' command must not outlive setup.
        runner.stop()
        raise
    report.later = _later_commands(report, config)
    report.seconds = round(time.monotonic() - started, 2)
    return report


def _git_step(runner: Runner, step: Step, project: Path) -> None:
    if not shutil.which("git"):
        step.status, step.detail = "failed", "git is not installed"
        runner.on_event(step)
    elif _inside_repository(project):
        step.status = "ok"
        step.detail = "already in a git repository: nothing committed (commit when you choose)"
        runner.on_event(step)
    else:
        runner.run(step, *_git_commands(project))


def _project_step(runner: Runner, step: Step, report: Report, config: dict[str, list[str]]) -> None:
    """One of the commands the project declares, unless a step it depends on failed."""
    if any(s.status in {"failed", "skipped"} for s in report.steps if s.name in NEEDS[step.name]):
        step.status, step.detail = "skipped", "not run: an earlier step failed"
        runner.on_event(step)
        return
    if step.name not in config:
        step.status, step.detail = "failed", f"pyproject.toml has no [tool.newproj] {step.name}"
        runner.on_event(step)
        return
    runner.run(step, runner.uv_run(config[step.name]))
    if step.name == "test":
        report.tests = parse_pytest_counts(Path(step.log).read_text(encoding="utf-8"))


def _later_commands(report: Report, config: dict[str, list[str]]) -> list[str]:
    """What to run by hand to finish, when a step did not succeed."""
    later = []
    for step in report.steps:
        if step.status == "ok":
            continue
        if step.name == "install":
            later.append("uv sync")
        elif step.name == "git":
            later.append("git init && git add -A && git commit -m 'Initial commit'")
        elif step.name in config:
            later.append("uv run " + shlex.join(config[step.name]))
    return later


def _print_event(step: Step) -> None:
    if step.status == "running":
        print(f"newproj setup: {step.name} ...", file=sys.stderr, flush=True)
    elif step.status == "failed":
        print(
            f"newproj setup: {step.name} FAILED: {step.detail} (log: {step.log})", file=sys.stderr
        )
    elif step.status == "skipped":
        print(f"newproj setup: {step.name} skipped ({step.detail})", file=sys.stderr)
    else:
        print(f"newproj setup: {step.name} ok ({step.seconds:.1f} s)", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path, nargs="?", default=Path.cwd())
    parser.add_argument("--json", action="store_true", help="print the report as JSON on stdout")
    parser.add_argument(
        "--fail-exit-code",
        type=int,
        default=3,
        help="exit code when a step fails (copier passes 0 when it would delete the project)",
    )
    args = parser.parse_args(argv)
    report = run_setup(args.project, on_event=_print_event)
    if args.json:
        print(json.dumps(report.as_dict(), indent=2))
    if report.ok:
        print(f"newproj setup: done; tests: {tests_line(report.tests)}", file=sys.stderr)
        return 0
    failed = report.failed_step
    print("", file=sys.stderr)
    print(
        f"newproj setup FAILED at step '{failed.name if failed else '?'}'. The project is kept in "
        f"{report.project}.",
        file=sys.stderr,
    )
    if failed and failed.log:
        print(f"Full log: {failed.log}", file=sys.stderr)
    if report.later:
        print("To finish by hand, run in the project: " + " ; ".join(report.later), file=sys.stderr)
    return args.fail_exit_code


if __name__ == "__main__":
    sys.exit(main())
