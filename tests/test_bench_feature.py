"""The benchmark as a feature (`bench_endpoints`): off, a project carries none of it; on an
existing project, `newproj update -d bench_endpoints=...` takes it out and puts it back without
touching the owner's code, and refuses to delete benchmark files the owner edited."""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

import pytest
from conftest import Project, Render
from test_updates import commit_all, git, invoke
from test_updates import make_project as create_project

FRAMEWORKS = ["django", "fastapi"]
DATABASES = ["sqlite", "postgresql"]
# What the benchmark brings: its package, tables, routes, commands, settings and docs.
TRACES = re.compile(
    r"\bbench\b|/bench|seed[-_]bench|BENCH_|fastread|\bworld\b|fortune|techempower",
    re.IGNORECASE,
)
USER_LINE = "# Our own code, kept by every update."


def traces(project: Path) -> list[str]:
    """`path:line: text` for every mention of the benchmark in the project's files."""
    found = []
    for path in sorted(project.rglob("*")):
        relative = path.relative_to(project)
        if not path.is_file() or relative.parts[0] in {".git", ".venv", ".newproj"}:
            continue
        if relative.name == ".copier-answers.yml" or relative.suffix == ".gz":
            continue
        if TRACES.search(str(relative)):
            found.append(f"{relative}: (its name)")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if TRACES.search(line):
                found.append(f"{relative}:{number}: {line.strip()}")
    return found


@pytest.mark.parametrize("database", DATABASES, ids=lambda db: f"db:{db}")
@pytest.mark.parametrize("framework", FRAMEWORKS, ids=lambda fw: f"framework:{fw}")
def test_off_leaves_no_trace_of_the_benchmark(
    render: Render, framework: str, database: str
) -> None:
    on = render("on", framework=framework, database=database)
    off = render("off", framework=framework, database=database, bench_endpoints=False)

    assert traces(off) == []
    found = "\n".join(traces(on))  # the same search finds the benchmark when it is there
    for expected in ("bench/", "/bench", "seed", "BENCH_ENDPOINTS", "fortune"):
        assert expected in found, expected
    pyproject = tomllib.loads((off / "pyproject.toml").read_text())
    assert "seed" not in pyproject["tool"]["newproj"]
    assert not {"bench", "seed-bench"} & set(pyproject["project"].get("scripts", {}))


def make_project(tmp_path: Path, template_src: Path, framework: str) -> Path:
    """A project rendered from a tagged template repository, committed, with the owner's own
    edits (a README line, a module of their own) committed on top."""
    repo = tmp_path / "template-repo"
    shutil.copytree(template_src, repo)
    git(repo, "init", "--quiet", "--initial-branch=main")
    commit_all(repo, "v1")
    git(repo, "tag", "v1.0.0")
    project = create_project(repo, tmp_path, framework, project=tmp_path / framework / "demo")
    readme = project / "README.md"
    readme.write_text(readme.read_text() + f"\n{USER_LINE}\n")
    (project / "src" / "demo" / "ours.py").write_text(f'{USER_LINE}\nANSWER = "ours"\n')
    commit_all(project, "Our edits")
    return project


def bench_file(project: Path, framework: str) -> Path:
    return (
        project / "src" / "demo" / "bench" / ("views.py" if framework == "django" else "router.py")
    )


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_update_refuses_to_delete_benchmark_files_the_owner_edited(
    tmp_path: Path, template_src: Path, framework: str
) -> None:
    project = make_project(tmp_path, template_src, framework)
    edited = bench_file(project, framework)
    edited.write_text(edited.read_text() + f"\n{USER_LINE}\n")
    commit_all(project, "Tune the benchmark")
    head = git(project, "rev-parse", "HEAD")

    result = invoke("update", str(project), "-d", "bench_endpoints=false")

    assert result.exit_code == 1, result.output
    relative = str(edited.relative_to(project))
    assert f"would delete files you edited: {relative}." in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    assert USER_LINE in edited.read_text()
    assert git(project, "rev-parse", "HEAD") == head
    assert git(project, "status", "--porcelain") == ""


@pytest.mark.slow
@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_update_takes_the_benchmark_out_and_puts_it_back(
    tmp_path: Path, template_src: Path, framework: str
) -> None:
    project = make_project(tmp_path, template_src, framework)

    result = invoke("update", str(project), "-d", "bench_endpoints=false")

    assert result.exit_code == 0, result.output
    assert not (project / "src" / "demo" / "bench").exists()
    assert traces(project) == []
    assert USER_LINE in (project / "README.md").read_text()
    assert (project / "src" / "demo" / "ours.py").is_file()
    commit_all(project, "Without the benchmark")
    # Installs, lints and type-checks without it (that a project without the benchmark passes
    # its suite is the all-off rows of tests/test_features.py); the full check comes at the end.
    check_green(project, suite=False)

    result = invoke("update", str(project), "-d", "bench_endpoints=true")

    assert result.exit_code == 0, result.output
    assert bench_file(project, framework).is_file()
    assert USER_LINE in (project / "README.md").read_text()
    assert (project / "src" / "demo" / "ours.py").is_file()
    commit_all(project, "With the benchmark again")
    check_green(project)


def check_green(project: Path, *, suite: bool = True) -> None:
    """Install, migrate, seed and test the project as newproj's setup does, plus its linters
    (with `suite=False`: install, lint and type-check only)."""
    steps = tomllib.loads((project / "pyproject.toml").read_text())["tool"]["newproj"]
    built = Project(project)
    built.sync()
    built.run("ruff", "check", ".")
    built.mypy()
    if suite:
        built.run(*steps["migrate"])
        if "seed" in steps:
            built.run(*steps["seed"])
        built.run(*steps["test"])
    if git(project, "status", "--porcelain"):  # uv.lock: updates need a clean work tree
        commit_all(project, "Lock the dependencies")
