"""`newproj update` and `newproj check-update`."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from newproj import __version__
from newproj._cli_common import DataOption, JsonOption, error_boundary, stderr
from newproj._errors import EXIT_UPDATE_AVAILABLE, InvalidAnswerError


class Conflict(StrEnum):
    inline = "inline"
    rej = "rej"


ProjectArgument = Annotated[
    Path, typer.Argument(help="The generated project (default: the current folder).")
]


def _cast_data(data: list[str] | None) -> dict[str, Any]:
    """`-d` values cast to their questions' types (the bundled questionnaire's)."""
    from newproj._answers import parse_data
    from newproj._questionnaire import load_questionnaire

    given = parse_data(data or [])
    questionnaire = load_questionnaire()
    cast = {}
    for name, raw in given.items():
        if name not in questionnaire:
            raise InvalidAnswerError(f"Unknown question: {name}")
        cast[name] = questionnaire[name].cast(raw)
    return cast


def update(
    project: ProjectArgument = Path(),
    to: Annotated[
        str | None,
        typer.Option(metavar="REF", help="Template version to move to (default: latest)."),
    ] = None,
    data: DataOption = None,
    conflict: Annotated[
        Conflict, typer.Option(help="How to leave conflicts: inline markers or .rej files.")
    ] = Conflict.inline,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; touch nothing.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Move a generated project to a newer template, keeping your edits (3-way merge).

    Exits 0 when the update applied cleanly, 1 when conflicts remain (they are listed).
    """
    from newproj._update import update as run_update

    with error_boundary():
        result = run_update(
            project,
            version=__version__,
            to=to,
            data=_cast_data(data),
            conflict=conflict.value,
            dry_run=dry_run,
        )
        if as_json:
            typer.echo(json.dumps(result.as_dict(), indent=2))
        else:
            console = stderr()
            verb = "Would update" if dry_run else "Updated"
            if result.from_ref == result.to_ref and not result.changed:
                console.print(f"{result.project} is up to date ({result.to_ref}); nothing to do.")
                return
            console.print(f"{verb} {result.project} from {result.from_ref} to {result.to_ref}.")
            for name in result.changed:
                mark = "[red]conflict[/]" if name in result.conflicts else "changed "
                console.print(f"  {mark} {name}")
            if result.conflicts:
                how = "markers <<<<<<< / >>>>>>>" if conflict is Conflict.inline else ".rej files"
                console.print(
                    f"[red]{len(result.conflicts)} conflict(s)[/]: resolve the {how}, then commit."
                )
            elif not dry_run:
                console.print("No conflicts. Review with `git diff`, then commit.")
        if result.conflicts:
            raise typer.Exit(1)


def check_update(project: ProjectArgument = Path(), as_json: JsonOption = False) -> None:
    """Say whether a newer template version exists.

    Exit codes: 0 up to date, 10 a newer version is available, 1 could not tell (why is said).
    Run from inside a project (a subfolder works too).
    """
    from newproj._update import check_update as run_check

    with error_boundary():
        report = run_check(project, __version__)
        if as_json:
            typer.echo(json.dumps(report, indent=2))
        elif report["update_available"]:
            stderr().print(
                f"Template {report['latest']} is available (project: {report['current']}). "
                "Run `newproj update`."
            )
        else:
            stderr().print(f"Up to date ({report['current']}).")
        if report["update_available"]:
            raise typer.Exit(EXIT_UPDATE_AVAILABLE)
