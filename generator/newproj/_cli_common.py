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


def one_line(message: str) -> str:
    """A message as one line: control characters (from user input) shown escaped."""
    return "".join(
        ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape", "replace").decode()
        for ch in " ".join(message.splitlines())
    )


@contextmanager
def error_boundary() -> Iterator[None]:
    """The one place where errors become messages and exit codes (see README, "Exit codes")."""
    from rich.markup import escape

    try:
        yield
    except NewprojError as exc:
        stderr().print(f"[bold red]Error:[/] {escape(one_line(exc.message))}", soft_wrap=True)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        stderr().print("[yellow]Cancelled.[/]")
        raise typer.Exit(130) from None
    except OSError as exc:
        # The file system refused something newproj did not foresee (a full disk, a name too
        # long, a permission): say what and where, without a traceback.
        where = f": {exc.filename}" if exc.filename else ""
        reason = exc.strerror or str(exc)
        stderr().print(f"[bold red]Error:[/] {escape(one_line(reason + where))}", soft_wrap=True)
        raise typer.Exit(1) from None


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
