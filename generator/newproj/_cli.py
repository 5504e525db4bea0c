"""The `newproj` command line: a thin typer app composed of one module per command group.

answers -> validate -> recommend -> render -> hooks -> summary. Human output goes to stderr;
with `--json`, stdout carries exactly one JSON object. Library code raises NewprojError and
`error_boundary` (in _cli_common) turns it into one red line and an exit code (0 ok, 1 failed,
2 usage, 3 project made but setup failed, 130 cancelled). Heavy imports (copier, questionary,
rich) happen inside the commands, so `newproj --help` stays fast.
"""

from __future__ import annotations

from typing import Annotated

import typer

from newproj import __version__, _cmd_bench, _cmd_create, _cmd_doctor, _cmd_setup, _cmd_update

app = typer.Typer(
    name="newproj",
    help="Django or FastAPI? newproj recommends one from your requirements, then generates a "
    "production-shaped project and proves it green.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"newproj {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Django or FastAPI? Recommend, generate, prove green."""


app.command(cls=_cmd_create.CreateCommand)(_cmd_create.create)
app.command()(_cmd_create.recommend)
app.command()(_cmd_setup.setup)
app.command()(_cmd_update.update)
app.command("check-update")(_cmd_update.check_update)
app.command()(_cmd_doctor.doctor)
app.command()(_cmd_bench.bench)


def main() -> None:
    app()
