"""`newproj setup`: (re)run the setup steps of a project that is already rendered.

For a setup that failed, was cancelled (Ctrl-C) or was skipped (`--no-setup`). Every step is
safe to repeat: install syncs, git does nothing in an existing repository, migrate and seed are
idempotent, and the tests run again.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from newproj._cli_common import JsonOption, error_boundary, stderr
from newproj._errors import SetupFailedError


def setup(
    project: Annotated[
        Path, typer.Argument(help="The generated project (default: the current folder).")
    ] = Path(),
    as_json: JsonOption = False,
) -> None:
    """Set a generated project up (again): install, git, migrate, seed, test."""
    from newproj._place import destination_lock
    from newproj._setup import run_setup_or_explain
    from newproj._source import bundled_template_dir
    from newproj._update import find_project

    with error_boundary():
        root = find_project(project)
        console = stderr()
        with destination_lock(root):
            report = run_setup_or_explain(
                bundled_template_dir(), root, show_progress=console.is_terminal and not as_json
            )
        if as_json:
            typer.echo(json.dumps(report, indent=2))
        if not report["ok"]:
            later = " ; ".join(report["later"])
            raise SetupFailedError(
                f"Setup failed at step '{report['failed_step']}' (log: {root}/.newproj/logs); "
                f"to finish by hand, run in {root}: {later}"
            )
        if not as_json:
            console.print(f"Set up {root}: tests {report['tests_line']}.")
