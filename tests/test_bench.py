"""`newproj bench`: aggregation, report and chart, errors; end to end with wrk (slow)."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import service_missing
from newproj._bench import TESTS, aggregate, markdown_report, svg_chart
from newproj._cli import app
from typer.testing import CliRunner


def _run(framework: str, factor: float) -> dict:
    return {
        "framework": framework,
        "results": [
            {
                "test": t,
                "requests_per_sec": 1000.0 * factor * (i + 1),
                "latency_p50_ms": 1.0,
                "latency_p99_ms": 5.0,
                "errors": 0,
                "requests": 1,
            }
            for i, t in enumerate(TESTS)
        ],
    }


def test_aggregate_means_rounds_and_computes_ratios() -> None:
    report = aggregate(
        {
            "django": [_run("django", 1.0), _run("django", 3.0)],
            "fastapi": [_run("fastapi", 4.0), _run("fastapi", 4.0)],
        }
    )
    assert report["results"]["django"]["json"]["requests_per_sec"] == pytest.approx(2000.0)
    assert report["results"]["django"]["json"]["rounds"] == 2
    assert report["ratios"]["json"] == pytest.approx(2.0)
    assert set(report["ratios"]) == set(TESTS)


def test_chart_is_valid_svg_with_a_bar_per_framework_and_test() -> None:
    table = aggregate({"django": [_run("django", 1.0)], "fastapi": [_run("fastapi", 2.0)]})
    svg = svg_chart(table["results"])
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    bars = [
        el
        for el in root.iter("{http://www.w3.org/2000/svg}rect")
        if el.find("{http://www.w3.org/2000/svg}title") is not None
    ]
    assert len(bars) == 2 * len(TESTS)
    heights = {
        bar.find("{http://www.w3.org/2000/svg}title").text: float(bar.get("height")) for bar in bars
    }
    assert heights["fastapi updates: 12,000 req/s"] > heights["django updates: 6,000 req/s"]


def test_markdown_report_puts_ratios_next_to_the_article() -> None:
    report = aggregate({"django": [_run("django", 1.0)], "fastapi": [_run("fastapi", 2.0)]})
    report.update(
        machine={"platform": "linux", "cpus": 2, "python": "3.11", "wrk": "wrk 4"},
        database="sqlite",
        duration=5,
        workers=1,
        rounds=1,
        projects={"django": {"server": "granian"}, "fastapi": {"server": "granian"}},
    )
    text = markdown_report(report)
    assert "| json | 1,000 | 2,000 | 2.00x | FastAPI achieved significantly higher" in text
    assert "chart.svg" in text


def test_bad_options_fail_cleanly(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["bench", "--frameworks", "flask", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "--frameworks takes django and/or fastapi" in result.stderr
    result = CliRunner().invoke(app, ["bench", "--database", "oracle", "--out", str(tmp_path)])
    assert result.exit_code == 1


def test_missing_wrk_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "p"
    project.mkdir()
    (project / ".copier-answers.yml").write_text("framework: django\n")
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    result = CliRunner().invoke(
        app, ["bench", "--project", str(project), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert "wrk is not installed: `apt-get install wrk`" in result.stderr


def test_a_project_without_the_benchmark_is_refused_in_one_line(tmp_path: Path) -> None:
    project = tmp_path / "p"
    project.mkdir()
    (project / ".copier-answers.yml").write_text("framework: fastapi\nbench_endpoints: false\n")
    result = CliRunner().invoke(
        app, ["bench", "--project", str(project), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "was generated without the benchmark (bench_endpoints: false)" in result.stderr
    assert "-d bench_endpoints=true" in result.stderr
    assert not (tmp_path / "o").exists()


@pytest.mark.slow
def test_bench_end_to_end(tmp_path: Path) -> None:
    if shutil.which("wrk") is None:
        service_missing("wrk is not installed (apt-get install wrk)")
    out = tmp_path / "report"
    result = CliRunner().invoke(
        app, ["bench", "--duration", "2", "--rounds", "2", "--out", str(out), "--json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    for framework in ("django", "fastapi"):
        rows = report["results"][framework]
        assert set(rows) == set(TESTS)
        for test, row in rows.items():
            assert row["requests_per_sec"] > 0, (framework, test)
            assert row["errors"] == 0, (framework, test)
            assert row["rounds"] == 2
    assert set(report["ratios"]) == set(TESTS)
    assert (out / "chart.svg").read_text().startswith("<svg")
    assert json.loads((out / "report.json").read_text())["ratios"] == report["ratios"]
    assert "FastAPI/Django" in (out / "report.md").read_text()


@pytest.mark.slow
def test_bench_on_postgresql_leaves_the_server_as_it_found_it(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Each rendered project gets a database of its own, dropped afterwards; a database that
    existed before (here one named as a bench project's default would be) is never touched,
    and a DATABASE_URL in the environment does not redirect the projects."""
    import psycopg

    if shutil.which("wrk") is None:
        service_missing("wrk is not installed (apt-get install wrk)")
    admin = postgres_url.rsplit("/", 1)[0] + "/postgres"

    def databases() -> set[str]:
        with psycopg.connect(admin, autocommit=True) as conn:
            return {row[0] for row in conn.execute("SELECT datname FROM pg_database")}

    def tables(url: str) -> int:
        with psycopg.connect(url) as conn:
            query = "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
            (count,) = conn.execute(query).fetchone() or (0,)
            return int(count)

    sentinel = "bench_fastapi"  # the FastAPI bench project's default database name
    created = sentinel not in databases()
    if created:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{sentinel}"')
    before = databases()
    monkeypatch.setenv("DATABASE_URL", postgres_url)
    try:
        result = CliRunner().invoke(
            app,
            ["bench", "--database", "postgresql", "--duration", "1", "--rounds", "1",
             "--out", str(tmp_path / "report"), "--json"],
        )  # fmt: skip
        if created:  # not migrated into
            assert tables(f"{admin.rsplit('/', 1)[0]}/{sentinel}") == 0
    finally:
        if created:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{sentinel}" WITH (FORCE)')
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["database"] == "postgresql"
    for framework in ("django", "fastapi"):
        for test, row in report["results"][framework].items():
            assert row["errors"] == 0, (framework, test)
            assert row["requests_per_sec"] > 0, (framework, test)

    # Only the bench's databases (its projects' names, `bench_<framework>...`): the other
    # pytest-xdist worker creates and drops databases of its own meanwhile.
    def benches(names: set[str]) -> set[str]:
        return {name for name in names if name.startswith("bench_")}

    assert benches(databases()) == benches(before) - ({sentinel} if created else set())
    assert tables(postgres_url) == 0  # the environment's database was not used either
