"""`newproj doctor` (the checks themselves live in _doctor.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from newproj._cli_common import JsonOption, error_boundary, stderr


def doctor(
    dest: Annotated[
        Path, typer.Option(help="Where projects will be created (checks write access).")
    ] = Path(),
    as_json: JsonOption = False,
) -> None:
    """Check this machine: Python, uv, git and its identity, write access, the package index;
    in a generated project, the services it needs (its `preflight` check, e.g. Redis)."""
    from newproj._doctor import run_checks

    with error_boundary():
        checks = run_checks(dest)
    ok = all(check.ok for check in checks if check.required)
    if as_json:
        typer.echo(json.dumps({"ok": ok, "checks": [c.as_dict() for c in checks]}, indent=2))
    else:
        console = stderr()
        for check in checks:
            mark = (
                "[green]ok[/]"
                if check.ok
                else ("[red]FAIL[/]" if check.required else "[yellow]warn[/]")
            )
            console.print(f"{mark:>18} {check.name}: {check.detail}", soft_wrap=True)
            if check.hint and not check.ok:
                console.print(f"{'':>6} fix: {check.hint}", soft_wrap=True)
    raise typer.Exit(0 if ok else 1)
