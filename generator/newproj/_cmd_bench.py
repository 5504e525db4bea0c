"""`newproj bench`: render both templates, set them up, compare them under load."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from newproj import __version__
from newproj._cli_common import JsonOption, error_boundary, stderr


def bench(
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
            stderr().print(terminal_markdown(Path(report["files"][1]).read_text(encoding="utf-8")))
            stderr().print(f"Report: {', '.join(report['files'])}")


def terminal_markdown(text: str) -> Any:
    """The report for a terminal: an image cannot show there (rich would print an emoji for
    it), so it is left out; the chart's path is in the "Report:" line."""
    import re

    from rich.markdown import Markdown

    return Markdown(re.sub(r"^!\[[^\]]*\]\([^)]*\)\n?", "", text, flags=re.MULTILINE))


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
    import contextlib
    import tempfile

    from newproj._bench import (
        BenchError,
        BenchProject,
        bench,
        drop_database,
        framework_of,
        use_throwaway_database,
        without_env,
    )
    from newproj._questionnaire import load_questionnaire
    from newproj._render import render_project
    from newproj._setup import run_setup
    from newproj._source import resolve_source

    # The choices are copier.yml's; the CLI does not restate them.
    questionnaire = load_questionnaire()
    databases = [value for _, value in questionnaire["database"].choices]
    known = [value for _, value in questionnaire["framework"].choices]
    if database not in databases:
        raise BenchError(f"--database must be {' or '.join(databases)}, not {database!r}")
    unknown = set(frameworks) - set(known)
    if unknown or not frameworks:
        raise BenchError(f"--frameworks takes {' and/or '.join(known)}, not {frameworks}")
    console = stderr()
    throwaway: list[tuple[Path, str]] = []
    # The projects newproj renders use their own .env: a DATABASE_URL in the environment would
    # override it (both projects on one database).
    isolate = without_env("DATABASE_URL") if not projects else contextlib.nullcontext()
    with tempfile.TemporaryDirectory(prefix="newproj-bench-projects-") as scratch, isolate:
        try:
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
                        "bench_endpoints": True,
                        "run_setup": False,
                    }
                    with console.status(f"Rendering and setting up the {framework} project ..."):
                        render_project(source=source, answers=answers, dest=dest, force=False)
                        if database == "postgresql":
                            throwaway.append((dest, use_throwaway_database(dest)))
                        setup = run_setup(
                            source.local, dest, show_progress=False, skip=("git", "test")
                        )
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
        finally:
            for dest, url in throwaway:
                drop_database(dest, url)
