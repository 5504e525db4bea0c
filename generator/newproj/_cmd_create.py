"""`newproj create` and `newproj recommend`: answers, the recommendation, render, setup, summary."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperCommand

from newproj import __version__
from newproj._cli_common import (
    DISPLAY_NAMES,
    AnswersFileOption,
    DataOption,
    JsonOption,
    error_boundary,
    stderr,
)
from newproj._errors import InvalidAnswerError, SetupFailedError

if TYPE_CHECKING:
    from rich.console import Console

    from newproj._questionnaire import Question, Questionnaire
    from newproj._recommend import Recommendation


class CreateCommand(TyperCommand):
    """`create --help` ends with the question keys that `-d` takes and errors name, read from
    copier.yml only when help is shown."""

    def format_epilog(self, ctx: Any, formatter: Any) -> None:
        from newproj._questionnaire import load_questionnaire

        questionnaire = load_questionnaire()
        keys = [q.name for q in questionnaire.questions if not q.computed]
        formatter.write_paragraph()
        formatter.write_text("Questions (-d KEY=VALUE; see copier.yml): " + ", ".join(keys))


class Framework(StrEnum):
    django = "django"
    fastapi = "fastapi"


def _given_answers(data: list[str] | None, answers_file: Path | None) -> dict[str, Any]:
    from newproj._answers import parse_data, read_answers_file

    given = read_answers_file(answers_file) if answers_file else {}
    flags = parse_data(data or [])
    if "project_name" in flags and "project_slug" not in flags:
        # Another project's slug (and so its destination) belongs to that project's name.
        given.pop("project_slug", None)
    given.update(flags)
    return given


def _print_recommendation(console: Console, rec: Recommendation) -> None:
    from rich.table import Table

    verdict = f"[bold]newproj recommends {DISPLAY_NAMES[rec.framework]}[/]"
    scores = ", ".join(f"{name} {score}" for name, score in rec.scores.items())
    console.print(f"{verdict}  (points: {scores}{'; a tie goes to Django' if rec.tie else ''})")
    if not rec.reasons:
        console.print("  No requirement pulled either way.")
        return
    table = Table(show_header=True, header_style="bold", box=None, padding=(0, 1))
    table.add_column("answer")
    table.add_column("favours")
    table.add_column("pts", justify="right")
    table.add_column("why")
    for reason in rec.reasons:
        table.add_row(
            f"{reason.question}={reason.answer}", reason.framework, str(reason.points), reason.why
        )
    console.print(table)


def _recommendation(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> Recommendation:
    from newproj._recommend import recommend

    return recommend(answers, questionnaire.weights)


def recommend(
    data: DataOption = None, answers_file: AnswersFileOption = None, as_json: JsonOption = False
) -> None:
    """Recommend Django or FastAPI from requirement answers, and say why."""
    from newproj._answers import validate
    from newproj._questionnaire import load_questionnaire

    with error_boundary():
        questionnaire = load_questionnaire()
        given = _given_answers(data, answers_file)
        answers: dict[str, Any] = {}
        for name in questionnaire.weights:
            question = questionnaire[name]
            context = questionnaire.context(answers, folder_name="project")
            raw = given[name] if name in given else question.default(context)
            answers[name] = validate(question, raw, context)
        unknown = sorted(set(given) - {q.name for q in questionnaire.questions if not q.computed})
        if unknown:
            raise InvalidAnswerError(
                f"Unknown question{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)} "
                "(see `newproj create --help` or copier.yml)"
            )
        rec = _recommendation(questionnaire, answers)
        if as_json:
            typer.echo(json.dumps({**rec.as_dict(), "answers": answers}, indent=2))
        else:
            _print_recommendation(stderr(), rec)


def create(
    dest: Annotated[
        Path | None, typer.Argument(help="Folder to create (default: ./<project_slug>).")
    ] = None,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Accept defaults for unanswered questions.")
    ] = False,
    data: DataOption = None,
    answers_file: AnswersFileOption = None,
    framework: Annotated[
        Framework | None, typer.Option(help="Override the recommendation.")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the plan; write nothing.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Write into a non-empty folder (never deletes files).")
    ] = False,
    no_setup: Annotated[
        bool, typer.Option("--no-setup", help="Render only; skip the setup hooks.")
    ] = False,
    as_json: JsonOption = False,
    template: Annotated[
        str | None,
        typer.Option(metavar="SRC", help="Another copy of this template (path or git URL)."),
    ] = None,
    vcs_ref: Annotated[
        str | None, typer.Option(metavar="REF", help="Git ref of --template.")
    ] = None,
    trust: Annotated[
        bool,
        typer.Option(
            "--trust", help="Run --template's own code (its tasks and setup hook), as copier's."
        ),
    ] = False,
) -> None:
    """Answer the questionnaire, then render a project (and set it up)."""
    with error_boundary():
        if template is not None and not trust:
            # Like copier: a template runs its own code (tasks, migrations, the setup hook)
            # on this machine, so only the bundled one is trusted without asking.
            raise InvalidAnswerError(
                f"--template {template} would run that template's own code on this machine; "
                "pass --trust if you trust it"
            )
        _create(
            dest=dest,
            yes=yes,
            given=_given_answers(data, answers_file),
            framework=framework,
            dry_run=dry_run,
            force=force,
            no_setup=no_setup,
            as_json=as_json,
            template=template,
            vcs_ref=vcs_ref,
        )


def _collect_answers(
    questionnaire: Questionnaire, given: dict[str, Any], *, folder_name: str, yes: bool
) -> dict[str, Any]:
    """Answers from flags, then the terminal (if any and no --yes), then defaults."""
    from newproj._answers import Asker, gather

    console = stderr()

    def before(question: Question, answers: Mapping[str, Any]) -> None:
        if question.name == "framework":
            _print_recommendation(console, _recommendation(questionnaire, answers))

    ask: Asker | None = None
    if sys.stdin.isatty() and not yes:
        from newproj._prompt import ask as ask_on_terminal

        ask = ask_on_terminal
    return gather(
        questionnaire, given, folder_name=folder_name, use_defaults=yes, ask=ask, before=before
    )


def _create(
    *,
    dest: Path | None,
    yes: bool,
    given: dict[str, Any],
    framework: Framework | None,
    dry_run: bool,
    force: bool,
    no_setup: bool,
    as_json: bool,
    template: str | None,
    vcs_ref: str | None,
) -> None:
    from newproj._questionnaire import Questionnaire
    from newproj._render import check_destination, preview, render_project
    from newproj._source import resolve_source

    console = stderr()
    if framework is not None:
        given["framework"] = framework.value
    if no_setup:
        given["run_setup"] = False
    if dest is not None:
        dest = dest.expanduser().absolute()
        check_destination(dest, force=force)
    source = resolve_source(template, vcs_ref, __version__)
    questionnaire = Questionnaire(source.local)
    answers = _collect_answers(
        questionnaire, given, folder_name=dest.name if dest else "my-project", yes=yes
    )
    rec = _recommendation(questionnaire, answers)
    if dest is None:
        dest = (Path.cwd() / answers["project_slug"]).absolute()
        check_destination(dest, force=force)
    result: dict[str, Any] = {
        "destination": str(dest),
        "framework": answers["framework"],
        "recommendation": rec.as_dict(),
        "overridden": answers["framework"] != rec.framework,
        "answers": answers,
        "template": {"url": source.url, "ref": source.ref},
        "dry_run": dry_run,
        "setup": None,
    }
    if dry_run:
        result["files"] = preview(source, answers, dest)
        _emit(console, result, as_json)
        return
    from newproj._place import destination_lock

    with destination_lock(dest):
        if not as_json:
            console.print(f"Rendering {answers['framework']} project into {dest} ...")
        placed = render_project(source=source, answers=answers, dest=dest, force=force)
        result["files"] = sorted(placed.new + placed.replaced + placed.same + placed.kept)
        result["kept"] = placed.kept
        if answers.get("run_setup", True):
            from newproj._setup import run_setup_or_explain

            result["setup"] = run_setup_or_explain(
                source.local, dest, show_progress=console.is_terminal
            )
    _emit(console, result, as_json)
    setup = result["setup"]
    if setup and not setup["ok"]:
        raise SetupFailedError(
            f"Setup failed at step '{setup['failed_step']}'; the project is kept in {dest}"
        )


def _emit(console: Console, result: Mapping[str, Any], as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(result, indent=2, default=str))
        return
    from rich.markup import escape
    from rich.panel import Panel

    fw = DISPLAY_NAMES[result["framework"]]
    rec = result["recommendation"]
    why = [r["why"] for r in rec["reasons"] if r["framework"] == result["framework"]][:3]
    lines = [
        f"[bold]{fw}[/]"
        + (
            f" (your choice; newproj recommended {DISPLAY_NAMES[rec['framework']]})"
            if result["overridden"]
            else " (recommended)"
        )
    ]
    lines += [f"  - {escape(w)}" for w in why]
    if result["overridden"]:
        scores = ", ".join(f"{name} {points}" for name, points in rec["scores"].items())
        lines.append(f"  newproj recommended {DISPLAY_NAMES[rec['framework']]} ({scores}):")
        lines += [
            f"  - {escape(r['why'])}" for r in rec["reasons"] if r["framework"] == rec["framework"]
        ][:3]
        if rec["tie"]:
            lines.append("  - No requirement pulled either way; a tie goes to Django.")
    if rec["tie"] and result["framework"] == "django" and not result["overridden"]:
        lines.append("  - No requirement pulled either way; a tie goes to Django.")
    if result["dry_run"]:
        lines.append(f"\nWould write {len(result['files'])} files into {result['destination']}:")
        lines += [f"  {name}" for name in result["files"]]
        lines.append("\nNothing was written (--dry-run).")
    else:
        lines.append(f"\nProject: {escape(result['destination'])} ({len(result['files'])} files)")
        if result.get("kept"):
            lines.append(
                f"Kept {len(result['kept'])} file(s) of yours in place of the template's: "
                + escape(", ".join(result["kept"]))
            )
        lines += _setup_lines(result.get("setup"))
        lines.append("\nNext:")
        lines.append(f"  cd {result['destination']}")
        lines += [f"  {cmd}" for cmd in _next_commands(result)]
    console.print(Panel("\n".join(lines), title="newproj", expand=False))


def _setup_lines(setup: Mapping[str, Any] | None) -> list[str]:
    from rich.markup import escape

    if setup is None:
        return ["Setup skipped (--no-setup): the commands below set it up."]
    timings = ", ".join(
        f"{step['name']} {step['seconds']:.1f} s"
        for step in setup["steps"]
        if step["status"] == "ok"
    )
    tests = setup.get("tests") or {}
    lines = []
    if tests:
        colour = "green" if setup["ok"] else "red"
        lines.append(f"Tests: [{colour}]{escape(setup['tests_line'])}[/]")
    if timings:
        lines.append(f"Setup: {timings}")
    failed = next((s for s in setup["steps"] if s["status"] == "failed"), None)
    if failed:
        lines.append(f"[red]Step '{failed['name']}' failed[/]: {failed['detail']}")
        if failed.get("log"):
            lines.append(f"Full log: {failed['log']}")
    return lines


def _next_commands(result: Mapping[str, Any]) -> list[str]:
    """What to run next: what setup left undone, else how to test and serve the project."""
    import shlex
    import tomllib

    setup = result.get("setup")
    if setup and setup.get("later"):
        return [str(command) for command in setup["later"]]
    pyproject = Path(result["destination"]) / "pyproject.toml"
    steps: dict[str, Any] = {}
    if pyproject.is_file() and not result["dry_run"]:
        with pyproject.open("rb") as handle:
            steps = tomllib.load(handle).get("tool", {}).get("newproj", {})
    commands = (
        [] if setup else ["uv sync", "git init && git add -A && git commit -m 'Initial commit'"]
    )
    names = ("test", "serve") if setup else ("migrate", "seed", "test", "serve")
    commands += ["uv run " + shlex.join(steps[name]) for name in names if steps.get(name)]
    return commands
