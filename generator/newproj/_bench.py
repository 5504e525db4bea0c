"""`newproj bench`: the seed article's performance claim, measured on this machine.

Both templates are rendered with the same answers and set up (which seeds their World and Fortune
tables), or existing projects are used; then each project's own `bench` command (which serves the
project with its production server and drives its TechEmpower-style endpoints with wrk) runs in
alternating rounds, so drift on a noisy machine hits both frameworks alike. The report gives
requests/s per test type, the FastAPI/Django ratio next to what the article claims, the machine
and versions, and an SVG chart. All load goes to 127.0.0.1 and every run is bounded in time.
"""

from __future__ import annotations

import json
import os
import platform
import secrets
import shutil
import statistics
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newproj._errors import NewprojError
from newproj._tools import find_uv, venv_bin

TESTS = ("json", "plaintext", "db", "queries", "fortunes", "updates")
# What the article says of each TechEmpower test (from its "Benchmark results" section).
ARTICLE_CLAIMS = {
    "json": "FastAPI achieved significantly higher requests per second than Django",
    "db": "FastAPI showed faster response times and higher throughput than Django",
}
WRK_HINT = "wrk is not installed: `apt-get install wrk` (Debian/Ubuntu) or `brew install wrk`"

Progress = Callable[[str], None]


class BenchError(NewprojError):
    """The benchmark could not run."""


@dataclass(frozen=True)
class BenchProject:
    framework: str
    path: Path


# Run by a bench project's own Python (newproj has no PostgreSQL driver): the Django template
# has psycopg, the FastAPI template asyncpg.
_DROP_DATABASE = """
import asyncio, sys
from urllib.parse import urlsplit, urlunsplit

url = urlsplit(sys.argv[1])
sql = 'DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % url.path.lstrip("/")
admin = urlunsplit(url._replace(path="/postgres"))
try:
    import psycopg
except ImportError:
    import asyncpg

    async def drop():
        connection = await asyncpg.connect(admin)
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    asyncio.run(drop())
else:
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(sql)
"""


def use_throwaway_database(project: Path) -> str:
    """Point a freshly rendered project's .env at a PostgreSQL database of its own (its name
    plus random letters), so that the bench never migrates into, nor later drops, a database
    that existed before. Returns the new DATABASE_URL."""
    env_file = project / ".env"
    lines = env_file.read_text(encoding="utf-8").splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.startswith("DATABASE_URL=postgresql://"):
            url = f"{line.strip()}_{secrets.token_hex(4)}".removeprefix("DATABASE_URL=")
            lines[index] = f"DATABASE_URL={url}\n"
            env_file.write_text("".join(lines), encoding="utf-8")
            return url
    raise BenchError(f"{env_file} names no PostgreSQL DATABASE_URL")


def drop_database(project: Path, url: str) -> None:
    """Drop the database `use_throwaway_database` named (best effort: a failure leaves it)."""
    python = venv_bin(project) / "python"
    if python.exists():
        subprocess.run(
            [str(python), "-c", _DROP_DATABASE, url], capture_output=True, timeout=60, check=False
        )


@contextmanager
def without_env(name: str) -> Iterator[None]:
    """`name` unset in this process's environment, then restored."""
    saved = os.environ.pop(name, None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ[name] = saved


def framework_of(project: Path) -> str:
    """The framework of a project that has the benchmark (projects from before the
    `bench_endpoints` question record no answer, and have it)."""
    from newproj._answers import read_answers_file

    answers_file = project / ".copier-answers.yml"
    if not answers_file.is_file():
        raise BenchError(f"{project} has no .copier-answers.yml: not a newproj project")
    answers = read_answers_file(answers_file)
    framework = answers.get("framework")
    if framework not in {"django", "fastapi"}:
        raise BenchError(f"{project} records no framework in .copier-answers.yml")
    if answers.get("bench_endpoints", True) is not True:
        raise BenchError(
            f"{project} was generated without the benchmark (bench_endpoints: false); "
            f"`newproj update {project} -d bench_endpoints=true` adds it"
        )
    return str(framework)


def _uv() -> str:
    found = find_uv()
    if not found:
        raise BenchError("uv is not available; reinstall newproj")
    return found


def run_project_bench(
    project: BenchProject, *, duration: float, workers: int, out: Path, env: dict[str, str]
) -> dict[str, Any]:
    """One round: the project's own `bench` command, bounded in time."""
    budget = 60 + len(TESTS) * (duration + 10) * 2
    cmd = [
        _uv(),
        "run",
        "--no-sync",
        "bench",
        "--duration",
        str(duration),
        "--workers",
        str(workers),
        "--out",
        str(out),
    ]
    try:
        proc = subprocess.run(
            cmd,
            cwd=project.path,
            env=env,
            capture_output=True,
            text=True,
            timeout=budget,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise BenchError(f"{project.framework} bench did not finish in {budget:.0f} s") from None
    if proc.returncode:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["(no output)"]
        raise BenchError(f"{project.framework} bench failed (exit {proc.returncode}): {tail[0]}")
    return dict(json.loads(out.read_text(encoding="utf-8")))


def aggregate(rounds: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Mean requests/s (and worst errors, median latencies) per framework and test."""
    table: dict[str, dict[str, dict[str, float]]] = {}
    for framework, runs in rounds.items():
        per_test: dict[str, list[dict[str, Any]]] = {}
        for run in runs:
            for row in run["results"]:
                per_test.setdefault(row["test"], []).append(row)
        table[framework] = {
            test: {
                "requests_per_sec": statistics.fmean(r["requests_per_sec"] for r in rows),
                "latency_p50_ms": statistics.median(r["latency_p50_ms"] for r in rows),
                "latency_p99_ms": statistics.median(r["latency_p99_ms"] for r in rows),
                "errors": max(r["errors"] for r in rows),
                "rounds": len(rows),
            }
            for test, rows in per_test.items()
        }
    ratios = {}
    if {"django", "fastapi"} <= table.keys():
        for test in TESTS:
            django, fastapi = table["django"].get(test), table["fastapi"].get(test)
            if django and fastapi and django["requests_per_sec"] > 0:
                ratios[test] = fastapi["requests_per_sec"] / django["requests_per_sec"]
    return {"results": table, "ratios": ratios}


def machine() -> dict[str, Any]:
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)
    return {
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "wrk": (wrk.stdout or wrk.stderr).split("Copyright")[0].strip(),
    }


def svg_chart(table: dict[str, dict[str, dict[str, float]]]) -> str:
    """Grouped bars of requests/s per test type, one colour per framework (no dependencies)."""
    colours = {"django": "#0c4b33", "fastapi": "#05998b"}
    frameworks = [f for f in ("django", "fastapi") if f in table]
    tests = [t for t in TESTS if any(t in table[f] for f in frameworks)]
    peak = max(
        (table[f][t]["requests_per_sec"] for f in frameworks for t in tests if t in table[f]),
        default=1.0,
    )
    width, height, left, bottom, top = 760, 360, 70, 40, 40
    group = (width - left - 20) / max(len(tests), 1)
    bar = group * 0.8 / max(len(frameworks), 1)
    plot_h = height - bottom - top
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        'font-family="sans-serif" font-size="12">',
        f'<text x="{width / 2}" y="20" text-anchor="middle" font-size="14">'
        "Requests per second by test type (higher is better)</text>",
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 20}" y2="{top + plot_h}" '
        'stroke="#333"/>',
    ]
    for step in range(5):
        value = peak * step / 4
        y = top + plot_h - plot_h * step / 4
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{value:,.0f}</text>')
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - 20}" y2="{y:.1f}" stroke="#ddd"/>'
        )
    for i, test in enumerate(tests):
        x0 = left + i * group + group * 0.1
        for j, framework in enumerate(frameworks):
            value = table[framework].get(test, {}).get("requests_per_sec", 0.0)
            h = plot_h * value / peak if peak else 0
            x = x0 + j * bar
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar * 0.95:.1f}" '
                f'height="{h:.1f}" fill="{colours[framework]}"><title>{framework} {test}: '
                f"{value:,.0f} req/s</title></rect>"
            )
        parts.append(
            f'<text x="{x0 + group * 0.4:.1f}" y="{top + plot_h + 16}" '
            f'text-anchor="middle">{test}</text>'
        )
    for j, framework in enumerate(frameworks):
        y = top + 14 * j
        parts.append(
            f'<rect x="{width - 120}" y="{y}" width="10" height="10" fill="{colours[framework]}"/>'
        )
        parts.append(f'<text x="{width - 104}" y="{y + 9}">{framework}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def markdown_report(report: dict[str, Any]) -> str:
    table = report["results"]
    frameworks = [f for f in ("django", "fastapi") if f in table]
    lines = [
        "# newproj bench",
        "",
        f"Machine: {report['machine']['platform']}, {report['machine']['cpus']} CPUs, "
        f"Python {report['machine']['python']}, {report['machine']['wrk']}.",
        f"Database: {report['database']}; {report['workers']} worker(s); "
        f"{report['duration']:g} s of load per test in each of {report['rounds']} alternating "
        "round(s); requests/s are means over rounds.",
        "",
    ]
    for framework in frameworks:
        info = report["projects"][framework]
        versions = ", ".join(f"{name} {v}" for name, v in info.get("versions", {}).items())
        lines.append(f"- {framework}: {info.get('server', '?')}; {versions}")
    lines += [
        "",
        "| test | "
        + " | ".join(f"{f} req/s" for f in frameworks)
        + " | FastAPI/Django | the article says |",
        "|---" * (len(frameworks) + 3) + "|",
    ]
    for test in TESTS:
        cells = [
            f"{table[f][test]['requests_per_sec']:,.0f}" if test in table[f] else "-"
            for f in frameworks
        ]
        ratio = report["ratios"].get(test)
        lines.append(
            f"| {test} | "
            + " | ".join(cells)
            + f" | {f'{ratio:.2f}x' if ratio else '-'} | {ARTICLE_CLAIMS.get(test, '-')} |"
        )
    lines += ["", "![requests per second](chart.svg)", ""]
    return "\n".join(lines)


def bench(
    projects: list[BenchProject],
    *,
    database: str,
    duration: float,
    workers: int,
    rounds: int,
    out_dir: Path,
    progress: Progress,
) -> dict[str, Any]:
    if shutil.which("wrk") is None:
        raise BenchError(WRK_HINT)
    out_dir.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    collected: dict[str, list[dict[str, Any]]] = {p.framework: [] for p in projects}
    with tempfile.TemporaryDirectory(prefix="newproj-bench-") as scratch:
        for number in range(rounds):
            order = projects if number % 2 == 0 else list(reversed(projects))
            for project in order:
                progress(f"round {number + 1}/{rounds}: {project.framework}")
                out = Path(scratch) / f"{project.framework}-{number}.json"
                collected[project.framework].append(
                    run_project_bench(project, duration=duration, workers=workers, out=out, env=env)
                )
    report = {
        **aggregate(collected),
        "machine": machine(),
        "database": database,
        "duration": duration,
        "workers": workers,
        "rounds": rounds,
        "projects": {
            p.framework: {
                "path": str(p.path),
                "server": collected[p.framework][0].get("server"),
                "versions": collected[p.framework][0].get("versions", {}),
            }
            for p in projects
        },
        "claims": ARTICLE_CLAIMS,
    }
    (out_dir / "report.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    (out_dir / "chart.svg").write_text(svg_chart(report["results"]), encoding="utf-8")
    (out_dir / "report.md").write_text(markdown_report(report), encoding="utf-8")
    report["files"] = [str(out_dir / n) for n in ("report.json", "report.md", "chart.svg")]
    return report
