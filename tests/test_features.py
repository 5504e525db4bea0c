"""Features: what each answer builds, and the matrix of combinations that must all be green.

The matrix (tests/_pairwise.py) is every framework x database with all features on and all off,
plus a pairwise cover of the rest; each row is rendered, installed, linted, type-checked, migrated
and tested with the project's own suite, which must pass with no skips. The all-on and all-off rows
run the whole suite; the pairwise rows leave out the tests marked `slow` (they start processes
of their own: servers, workers, a Redis; the same tests, with every feature beside them, run in
the all-on rows of both databases), which is most of the matrix's time.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from _pairwise import (
    DATABASES,
    FRAMEWORKS,
    answer_text,
    built_by,
    feature_matrix,
    feature_names,
    row_id,
    switches,
)
from conftest import ROOT, Project, Render, run, uv_bin
from test_template_django import free_port

FEATURES = feature_names()
# Each feature's (on, off) answers: a choice question's row names its on answer (`when`).
SWITCHES = switches()
CONFIG = yaml.safe_load((ROOT / "copier.yml").read_text())
CAPABILITIES: dict[str, dict[str, str]] = CONFIG["capabilities"]["default"]
WEIGHTS: dict[str, Any] = CONFIG["recommendation_weights"]["default"]
RECOMMENDATION_ONLY = "Weighs the recommendation only."
# How each framework checks that its models and its migrations agree.
MIGRATIONS_IN_SYNC = {
    "django": ["python", "manage.py", "makemigrations", "--check", "--dry-run"],
    "fastapi": ["alembic", "check"],
}


def answers_table() -> str:
    """The README's "What each answer gives you" table, made from copier.yml."""
    lines = ["| answer | Django | FastAPI |", "|---|---|---|"]
    for name in CONFIG:
        if name in CAPABILITIES or name in WEIGHTS:
            row = CAPABILITIES.get(name, {})
            cells = [row.get(fw, RECOMMENDATION_ONLY) for fw in FRAMEWORKS]
            lines.append(f"| `{name}` | {cells[0]} | {cells[1]} |")
    return "\n".join(lines)


def test_readme_table_is_copier_yml() -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## What each answer gives you", 1)[1].split("\n## ", 1)[0]
    table = "\n".join(line for line in section.splitlines() if line.startswith("|"))
    assert table == answers_table(), "regenerate it with: uv run python tests/test_features.py"


def test_every_capability_is_a_question_with_both_frameworks() -> None:
    """A bool question, or a choice question whose row says which answer switches it on."""
    for name, row in CAPABILITIES.items():
        cells = {fw: row[fw] for fw in FRAMEWORKS}
        if CONFIG[name]["type"] == "bool":
            assert set(row) == set(FRAMEWORKS), name
        else:
            assert set(row) == {*FRAMEWORKS, "when"}, name
            assert row["when"] in CONFIG[name]["choices"].values(), name
            assert row["when"] != CONFIG[name]["default"], name
        assert all(text.strip() for text in cells.values()), name


def test_matrix_covers_every_pair_within_each_framework() -> None:
    rows = feature_matrix()
    for framework in FRAMEWORKS:
        own = [row for row in rows if row["framework"] == framework]
        built = built_by(framework)
        for database in DATABASES:
            for on in (0, 1):
                full = {"database": database, **{name: SWITCHES[name][on] for name in built}}
                assert any(all(row[k] == v for k, v in full.items()) for row in own)
        names = ["database", *built]
        values = {"database": DATABASES, **{name: SWITCHES[name] for name in built}}
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                for va in values[a]:
                    for vb in values[b]:
                        assert any(row[a] == va and row[b] == vb for row in own), (a, va, b, vb)


def _params() -> list[Any]:
    params = []
    for row in feature_matrix():
        marks = [pytest.mark.postgres] if row["database"] == "postgresql" else []
        params.append(pytest.param(row, id=row_id(row, SWITCHES), marks=marks))
    return params


def check_project(project: Project, framework: str, *, slow: bool = True) -> str:
    """Install, lint, type-check, migrate and test a rendered project as the setup hook would
    (with `slow=False`, its tests but those marked `slow`); return the test summary line."""
    commands = tomllib.loads((project.path / "pyproject.toml").read_text())["tool"]["newproj"]
    project.sync()
    project.run("ruff", "check", ".")
    project.run("ruff", "format", "--check", ".")
    project.mypy()
    for step in ("preflight", "createdb", "migrate", "seed"):
        if step in commands:
            project.run(*commands[step])
    project.run(*MIGRATIONS_IN_SYNC[framework])
    # Setup's own check leaves the slow tests out; the whole suite is plain pytest.
    assert commands["test"] == ["pytest", "-q", "-m", "not slow"]
    suite = ["pytest", "-q"] if slow else commands["test"]
    result = project.run(*suite, "-p", "no:cacheprovider")
    summary = result.stdout.strip().splitlines()[-1]
    assert re.search(r"\d+ passed", summary), summary
    assert not re.search(r"failed|error|skipped|xfail", summary), summary
    return summary


@pytest.mark.slow
@pytest.mark.parametrize("row", _params())
def test_combination_is_green(
    render: Render, request: pytest.FixtureRequest, row: dict[str, Any]
) -> None:
    env = {}
    if row["database"] == "postgresql":
        env["DATABASE_URL"] = request.getfixturevalue("postgres_url")
    project = Project(render(**row), env=env)
    answers = yaml.safe_load((project.path / ".copier-answers.yml").read_text())
    assert {key: answers[key] for key in row} == row
    print(check_project(project, row["framework"], slow=_all_on_or_off(row)))
    if _all_on(row):
        print(fuzz_api(project, row["framework"]))


def _all_on(row: dict[str, Any]) -> bool:
    """Whether the row has every feature its framework builds on."""
    return all(row[name] == SWITCHES[name][0] for name in built_by(row["framework"]))


def _all_on_or_off(row: dict[str, Any]) -> bool:
    """Whether the row has every feature its framework builds on, or every one off."""
    built = built_by(row["framework"])
    return any(all(row[name] == SWITCHES[name][on] for name in built) for on in (0, 1))


def fuzz_api(project: Project, framework: str) -> str:
    """The project's own `scripts/fuzz-api.sh` (its CI runs it too): schemathesis against every
    operation of the served API, without and with a token; no 5xx, no undocumented answer."""
    if framework == "fastapi":
        run(
            [uv_bin(), "sync", "--group", "fuzz", "--python", sys.executable],
            cwd=project.path,
            env=project.env,
        )
    path = os.pathsep.join([str(Path(uv_bin()).parent), os.environ.get("PATH", "")])
    env = {**os.environ, **project.env, "PATH": path, "FUZZ_PORT": str(free_port())}
    proc = subprocess.run(
        ["scripts/fuzz-api.sh"],
        cwd=project.path,
        env={**env, "FUZZ_MAX_EXAMPLES": "10"},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    output = proc.stdout + proc.stderr
    # On failure the script prints schemathesis's report, then the server's log.
    report, _, server_log = output.partition("--- the server's log")
    assert proc.returncode == 0, report[-8000:] + server_log[-2000:]
    summaries = re.findall(r"(\d+) generated, (\d+) passed", output)
    assert len(summaries) == 2, output[-6000:]
    assert all(generated == passed for generated, passed in summaries), summaries
    return f"fuzzed: {summaries}"


if __name__ == "__main__":
    print(answers_table())
    print()
    for row in feature_matrix():
        print(row_id(row, SWITCHES))


@pytest.mark.slow
@pytest.mark.parametrize("framework", FRAMEWORKS, ids=lambda fw: f"framework:{fw}")
def test_update_adds_every_feature_to_a_project_with_edits(
    tmp_path: Path, template_src: Path, render: Render, framework: str
) -> None:
    from test_bench_feature import USER_LINE, commit_all, invoke, make_project

    project = make_project(tmp_path, template_src, framework)
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    off = [name for name in FEATURES if answers[name] != SWITCHES[name][0]]
    assert off, "every feature is on by default: nothing to add"

    result = invoke(
        "update", str(project), *(f"-d{name}={answer_text(SWITCHES[name][0])}" for name in off)
    )

    assert result.exit_code == 0, result.output
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert all(answers[name] == SWITCHES[name][0] for name in FEATURES)
    assert USER_LINE in (project / "README.md").read_text()
    assert (project / "src" / "demo" / "ours.py").read_text().startswith(USER_LINE)
    commit_all(project, "Every feature")
    # File for file, the project is now the all-on project (its matrix row runs the whole suite)
    # plus the owner's edits; the quick suite proves the edits and the new features work together.
    fresh = render("fresh", **{k: v for k, v in answers.items() if not k.startswith("_")})
    assert _tree(project) == _tree(fresh) | {
        "README.md": (fresh / "README.md").read_text() + f"\n{USER_LINE}\n",
        "src/demo/ours.py": f'{USER_LINE}\nANSWER = "ours"\n',
    }
    print(check_project(Project(project), framework, slow=False))


def _tree(project: Path) -> dict[str, str]:
    """The project's files and their text, without what git ignores or copier manages."""
    if not (project / ".git").exists():
        subprocess.run(["git", "init", "--quiet"], cwd=project, check=True)
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=project,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return {
        name: (project / name).read_text(encoding="utf-8", errors="replace")
        for name in listed
        if name != ".copier-answers.yml"
    }
