"""The `newproj` command line: a thin typer app over the pipeline.

answers -> validate -> recommend -> render -> hooks -> summary. Human output goes to stderr;
with `--json`, stdout carries exactly one JSON object. Library code raises NewprojError and
`error_boundary` turns it into one red line and an exit code (0 ok, 1 failed, 2 usage, 3 project
made but setup failed, 130 cancelled).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from newproj import __version__
from newproj._errors import NewprojError, SetupFailedError

if TYPE_CHECKING:
    from rich.console import Console

    from newproj._questionnaire import Question, Questionnaire
    from newproj._recommend import Recommendation

app = typer.Typer(
    name="newproj",
    help="Django or FastAPI? newproj recommends one from your requirements, then generates a "
    "production-shaped project and proves it green.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


DISPLAY_NAMES = {"django": "Django", "fastapi": "FastAPI"}


class Framework(StrEnum):
    django = "django"
    fastapi = "fastapi"


def _stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False)


@contextmanager
def error_boundary() -> Iterator[None]:
    """The one place where errors become messages and exit codes."""
    try:
        yield
    except NewprojError as exc:
        _stderr().print(f"[bold red]Error:[/] {exc.message}", soft_wrap=True)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        _stderr().print("[yellow]Cancelled.[/]")
        raise typer.Exit(130) from None


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


def _given_answers(data: list[str] | None, answers_file: Path | None) -> dict[str, Any]:
    from newproj._answers import parse_data, read_answers_file

    given = read_answers_file(answers_file) if answers_file else {}
    given.update(parse_data(data or []))
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


@app.command("recommend")
def recommend_command(
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
        unknown = sorted(set(given) - {q.name for q in questionnaire.questions})
        if unknown:
            _stderr().print(f"[yellow]Ignored (not a question):[/] {', '.join(unknown)}")
        rec = _recommendation(questionnaire, answers)
        if as_json:
            typer.echo(json.dumps({**rec.as_dict(), "answers": answers}, indent=2))
        else:
            _print_recommendation(_stderr(), rec)


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
            raise NewprojError(f"Unknown question: {name}")
        cast[name] = questionnaire[name].cast(raw)
    return cast


@app.command()
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
            console = _stderr()
            verb = "Would update" if dry_run else "Updated"
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


@app.command("check-update")
def check_update(project: ProjectArgument = Path(), as_json: JsonOption = False) -> None:
    """Say whether a newer template version exists.

    Exit codes: 0 up to date, 1 a newer version is available, 4 could not tell.
    """
    from newproj._update import check_update as run_check

    with error_boundary():
        report = run_check(project.absolute(), __version__)
        if as_json:
            typer.echo(json.dumps(report, indent=2))
        elif report["update_available"]:
            _stderr().print(
                f"Template {report['latest']} is available (project: {report['current']}). "
                "Run `newproj update`."
            )
        else:
            _stderr().print(f"Up to date ({report['current']}).")
        if report["update_available"]:
            raise typer.Exit(1)


@app.command("bench")
def bench_command(
    frameworks: Annotated[str, typer.Option(help="Comma-separated frameworks to compare.")] = (
        "django,fastapi"
    ),
    database: Annotated[str, typer.Option(help="sqlite or postgresql.")] = "sqlite",
    duration: Annotated[
        float,
        typer.Option(min=1, help="Seconds of load per test type and framework, split over rounds."),
    ] = 10,
    workers: Annotated[int, typer.Option(min=1, help="Server worker processes.")] = 1,
    rounds: Annotated[int, typer.Option(min=1, help="Alternating rounds.")] = 2,
    out: Annotated[Path, typer.Option(help="Folder for report.json, report.md, chart.svg.")] = Path(
        "newproj-bench"
    ),
    project: Annotated[
        list[Path] | None, typer.Option(help="Bench existing projects instead (repeatable).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Measure Django against FastAPI on this machine (TechEmpower-style tests, wrk)."""
    with error_boundary():
        report = _bench(
            frameworks=[f.strip() for f in frameworks.split(",") if f.strip()],
            database=database,
            duration=duration,
            workers=workers,
            rounds=rounds,
            out=out.absolute(),
            projects=project or [],
        )
        if as_json:
            typer.echo(json.dumps(report, indent=2))
        else:
            _stderr().print(Path(report["files"][1]).read_text(encoding="utf-8"))
            _stderr().print(f"Report: {', '.join(report['files'])}")


def _bench(
    *,
    frameworks: list[str],
    database: str,
    duration: float,
    workers: int,
    rounds: int,
    out: Path,
    projects: list[Path],
) -> dict[str, Any]:
    import tempfile

    from newproj._bench import BenchError, BenchProject, bench, framework_of
    from newproj._render import render_project
    from newproj._setup import run_setup
    from newproj._source import resolve_source

    if database not in {"sqlite", "postgresql"}:
        raise BenchError(f"--database must be sqlite or postgresql, not {database!r}")
    unknown = set(frameworks) - {"django", "fastapi"}
    if unknown or not frameworks:
        raise BenchError(f"--frameworks takes django and/or fastapi, not {frameworks}")
    console = _stderr()
    with tempfile.TemporaryDirectory(prefix="newproj-bench-projects-") as scratch:
        chosen = [BenchProject(framework_of(p.absolute()), p.absolute()) for p in projects]
        if not chosen:
            source = resolve_source(None, None, __version__)
            for framework in frameworks:
                dest = Path(scratch) / f"bench_{framework}"
                answers = {
                    "project_name": f"Bench {framework}",
                    "project_slug": f"bench_{framework}",
                    "framework": framework,
                    "database": database,
                    "run_setup": False,
                }
                with console.status(f"Rendering and setting up the {framework} project ..."):
                    render_project(source=source, answers=answers, dest=dest, force=False)
                    setup = run_setup(source.local, dest, show_progress=False, skip=("git", "test"))
                if not setup["ok"]:
                    failed = setup["failed_step"]
                    log = next(s["log"] for s in setup["steps"] if s["name"] == failed)
                    raise BenchError(
                        f"Setting up the {framework} project failed at {failed}: {log}"
                    )
                chosen.append(BenchProject(framework, dest))
        with console.status("Benchmarking ...") as status:
            return bench(
                chosen,
                database=database,
                duration=duration / rounds,
                workers=workers,
                rounds=rounds,
                out_dir=out,
                progress=lambda text: status.update(f"Benchmarking: {text}"),
            )


@app.command()
def doctor(
    dest: Annotated[
        Path, typer.Option(help="Where projects will be created (checks write access).")
    ] = Path(),
    as_json: JsonOption = False,
) -> None:
    """Check this machine: Python, uv, git and its identity, write access, the package index."""
    from newproj._doctor import run_checks

    checks = run_checks(dest)
    ok = all(check.ok for check in checks if check.required)
    if as_json:
        typer.echo(json.dumps({"ok": ok, "checks": [c.as_dict() for c in checks]}, indent=2))
    else:
        console = _stderr()
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


@app.command()
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
) -> None:
    """Answer the questionnaire, then render a project (and set it up)."""
    with error_boundary():
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

    console = _stderr()

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

    console = _stderr()
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
    if not as_json:
        console.print(f"Rendering {answers['framework']} project into {dest} ...")
    result["files"] = render_project(source=source, answers=answers, dest=dest, force=force)
    if answers.get("run_setup", True):
        from newproj._setup import run_setup

        result["setup"] = run_setup(source.local, dest, show_progress=console.is_terminal)
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
    from rich.panel import Panel

    fw = DISPLAY_NAMES[result["framework"]]
    rec = result["recommendation"]
    why = [r["why"] for r in rec["reasons"] if r["framework"] == result["framework"]][:3]
    lines = [
        f"[bold]{fw}[/]"
        + (
            f" (your choice; newproj recommended {rec['framework']})"
            if result["overridden"]
            else " (recommended)"
        )
    ]
    lines += [f"  - {w}" for w in why]
    if rec["tie"] and result["framework"] == "django" and not result["overridden"]:
        lines.append("  - No requirement pulled either way; a tie goes to Django.")
    if result["dry_run"]:
        lines.append(f"\nWould write {len(result['files'])} files into {result['destination']}:")
        lines += [f"  {name}" for name in result["files"]]
        lines.append("\nNothing was written (--dry-run).")
    else:
        lines.append(f"\nProject: {result['destination']} ({len(result['files'])} files)")
        lines += _setup_lines(result.get("setup"))
        lines.append("\nNext:")
        lines.append(f"  cd {result['destination']}")
        lines += [f"  {cmd}" for cmd in _next_commands(result)]
    console.print(Panel("\n".join(lines), title="newproj", expand=False))


def _setup_lines(setup: Mapping[str, Any] | None) -> list[str]:
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
        lines.append(
            f"Tests: [{colour}]{tests.get('passed', 0)} passed, {tests.get('failed', 0)} failed"
            f"{', ' + str(tests['errors']) + ' errors' if tests.get('errors') else ''}[/]"
        )
    if timings:
        lines.append(f"Setup: {timings}")
    failed = next((s for s in setup["steps"] if s["status"] == "failed"), None)
    if failed:
        lines.append(f"[red]Step '{failed['name']}' failed[/]: {failed['detail']}")
        lines.append(f"Full log: {failed['log']}")
    return lines


def _next_commands(result: Mapping[str, Any]) -> list[str]:
    """What to run next: what setup left undone, else how to test and serve the project."""
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
    commands += ["uv run " + " ".join(steps[name]) for name in names if steps.get(name)]
    return commands


def main() -> None:
    app()
