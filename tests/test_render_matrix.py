"""Every framework x database renders cleanly, and both entry points render the same project."""

from __future__ import annotations

import json
import re
from pathlib import Path

import copier
import pytest
import yaml
from conftest import ruff_clean
from newproj import load_questionnaire
from newproj._cli import app
from typer.testing import CliRunner

FRAMEWORKS = ["django", "fastapi"]
DATABASES = ["sqlite", "postgresql"]
MATRIX = [
    pytest.param(fw, db, id=f"framework:{fw}-db:{db}") for fw in FRAMEWORKS for db in DATABASES
]


QUESTION_NAMES = [q.name for q in load_questionnaire(Path(__file__).resolve().parents[1]).questions]
# A copier expression left in the output: any `{{`/`{%` outside the generated project's own
# templates (`templates/**.html|.txt`: Django's and Jinja2's template languages use them) and
# GitHub expressions (`${{`), and any answer name in braces.
ANY_JINJA = re.compile(r"(?<!\$)\{\{|\{%")
ANSWER_JINJA = re.compile(r"\{[{%]-?\s*(?:_copier|" + "|".join(QUESTION_NAMES) + r")\b")


def _leaks(path: Path) -> bool:
    text = path.read_text()
    if path.suffix == ".jinja" or ANSWER_JINJA.search(text):
        return True
    django_template = path.suffix in {".html", ".txt"} and "templates" in path.parts
    return not django_template and bool(ANY_JINJA.search(text))


def _text_files(root: Path) -> list[Path]:
    files = []
    for path in root.rglob("*"):
        if path.is_file():
            try:
                path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue
            files.append(path)
    return files


@pytest.mark.parametrize(("framework", "database"), MATRIX)
def test_renders_without_leaks_and_lints_clean(render, framework: str, database: str) -> None:
    project = render(framework=framework, database=database)
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert (answers["framework"], answers["database"]) == (framework, database)
    leaks = [str(path.relative_to(project)) for path in _text_files(project) if _leaks(path)]
    assert leaks == []
    if any(project.rglob("*.py")):
        ruff_clean(project)


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_copier_copy_and_newproj_create_render_the_same_project(
    framework: str, template_src: Path, tmp_path: Path
) -> None:
    data = {"project_name": "Demo", "framework": framework, "run_setup": "false"}
    via_copier = tmp_path / "copier" / "demo"
    copier.run_copy(
        str(template_src),
        via_copier,
        data=data,
        defaults=True,
        unsafe=True,
        quiet=True,
        skip_tasks=True,
    )
    via_cli = tmp_path / "cli" / "demo"
    args = [arg for key, value in data.items() for arg in ("-d", f"{key}={value}")]
    result = CliRunner().invoke(
        app,
        [
            "create",
            str(via_cli),
            "--yes",
            "--json",
            "--trust",
            "--template",
            str(template_src),
            *args,
        ],
    )
    assert result.exit_code == 0, result.output
    files = json.loads(result.stdout)["files"]
    assert files == sorted(
        str(p.relative_to(via_copier)) for p in via_copier.rglob("*") if p.is_file()
    )
    for name in files:
        if name == ".env":  # a fresh secret each time
            continue
        assert (via_cli / name).read_bytes() == (via_copier / name).read_bytes(), name
