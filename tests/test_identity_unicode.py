"""Issue 12 items 3 and 4, as a property: any name, description or author from all of Unicode is
either refused by the questionnaire in one line, or renders a project whose TOML, YAML and Python
parse and carry the text unchanged. A slow sample installs a FastAPI project with a hostile name
and runs its own OpenAPI and docs tests."""

from __future__ import annotations

import shutil
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import copier
import pytest
import yaml
from conftest import Project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from newproj import load_questionnaire
from newproj._answers import gather
from newproj._cli_common import one_line
from newproj._errors import InvalidAnswerError

ROOT = Path(__file__).resolve().parents[1]
QUESTIONNAIRE = load_questionnaire(ROOT)

# Every code point, surrogates included (they reach argv through surrogateescape).
ANY_CHAR = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())
TRICKY = st.sampled_from(
    ["\U0001f680", "\u05e9\u05dc\u05d5\u05dd", "e\u0301", "\u202e", '"', "\\", "\r", "\x00", "'"]
)
TEXT = st.lists(st.one_of(ANY_CHAR, TRICKY), max_size=24).map("".join)
EMAIL = st.one_of(
    st.emails().map(str),
    st.tuples(TEXT, TEXT).map(lambda parts: f"{parts[0]}@{parts[1]}.io"),
)


def _answers(fields: dict[str, str]) -> dict[str, Any] | None:
    """The answers newproj would pass to copier, or None when the questionnaire refuses."""
    try:
        return gather(QUESTIONNAIRE, fields, folder_name="demo", use_defaults=True, ask=None)
    except InvalidAnswerError as exc:
        message = exc.message
    assert message.strip(), fields
    assert len(one_line(message).splitlines()) == 1, message
    return None


def _check_rendered(project: Path, fields: dict[str, str]) -> None:
    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert pyproject["description"] == fields["description"]
    assert pyproject["authors"] == [
        {"name": fields["author_name"], "email": fields["author_email"]}
    ]
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text(encoding="utf-8"))
    for key, value in fields.items():
        assert answers[key] == value, key
    for path in [*project.rglob("*.yml"), *project.rglob("*.yaml")]:
        yaml.safe_load(path.read_text(encoding="utf-8"))
    for path in project.rglob("*.py"):
        compile(path.read_text(encoding="utf-8"), str(path), "exec")
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert readme.startswith(f"# {fields['project_name']}\n")


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    name=TEXT,
    description=TEXT,
    author=TEXT,
    email=EMAIL,
    framework=st.sampled_from(["django", "fastapi"]),
)
def test_identity_answers_are_refused_in_one_line_or_render_parseable_files(
    template_src: Path, name: str, description: str, author: str, email: str, framework: str
) -> None:
    fields = {
        "project_name": name,
        "description": description,
        "author_name": author,
        "author_email": email,
    }
    answers = _answers({**fields, "framework": framework, "run_setup": "false"})
    if answers is None:
        return
    scratch = Path(tempfile.mkdtemp(prefix="newproj-unicode-"))
    try:
        copier.run_copy(
            str(template_src),
            scratch / "demo",
            data=answers,
            defaults=True,
            unsafe=True,
            quiet=True,
        )
        _check_rendered(scratch / "demo", fields)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


HOSTILE = {
    "project_name": 'Rocket \U0001f680 \u05e9\u05dc\u05d5\u05dd "Q" \\ Cafe\u0301',
    "description": "\u202eDescription with \U0001f680, 'quotes' \"and\" \\backslashes\\",
    "author_name": "Zo\u00eb \U0001f468\u200d\U0001f469\u200d\U0001f467 O'Brien",
    "author_email": "zoe.o'brien+dev@example.com",
}


def test_hostile_sample_is_accepted() -> None:
    """The slow sample below must exercise the render path, not the refusal path."""
    assert _answers({**HOSTILE, "run_setup": "false"}) is not None


@pytest.mark.slow
def test_hostile_names_serve_openapi_and_docs(render) -> None:
    project = render("hostile", framework="fastapi", **HOSTILE)
    _check_rendered(project, HOSTILE)
    generated = Project(project)
    generated.sync()
    proc = generated.run("pytest", "-q", "-k", "openapi or docs or redoc")
    assert " passed" in proc.stdout
    assert "failed" not in proc.stdout
    slug = yaml.safe_load((project / ".copier-answers.yml").read_text())["project_slug"]
    title = generated.run(
        "python",
        "-c",
        f"from {slug}.main import create_app; print(create_app().openapi()['info']['title'])",
    )
    assert title.stdout.strip() == HOSTILE["project_name"]
