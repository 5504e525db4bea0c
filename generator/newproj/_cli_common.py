"""What every command shares: stderr output, the error boundary, common options."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from newproj._errors import NewprojError

if TYPE_CHECKING:
    from rich.console import Console

DISPLAY_NAMES = {"django": "Django", "fastapi": "FastAPI"}


def stderr() -> Console:
    """Everything for people goes to stderr; stdout is kept for --json."""
    from rich.console import Console

    return Console(stderr=True, highlight=False)


@contextmanager
def error_boundary() -> Iterator[None]:
    """The one place where errors become messages and exit codes."""
    try:
        yield
    except NewprojError as exc:
        stderr().print(f"[bold red]Error:[/] {exc.message}", soft_wrap=True)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        stderr().print("[yellow]Cancelled.[/]")
        raise typer.Exit(130) from None


DataOption = Annotated[
    list[str] | None,
    typer.Option(
        "--data", "-d", metavar="KEY=VALUE", help="Answer a copier.yml question (repeatable)."
    ),
]
AnswersFileOption = Annotated[
    Path | None,
    typer.Option(
        "--answers-file", help="YAML answers, e.g. another project's .copier-answers.yml."
    ),
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="Print one JSON object on stdout; messages go to stderr.")
]
