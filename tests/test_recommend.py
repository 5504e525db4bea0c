"""The recommendation: one table in copier.yml, two readers (copier's Jinja and newproj)."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any

import copier
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from newproj import load_questionnaire, recommend
from newproj._cli import app
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
QUESTIONNAIRE = load_questionnaire(ROOT)
REQUIREMENTS = list(QUESTIONNAIRE.weights)


def _options(name: str) -> list[Any]:
    question = QUESTIONNAIRE[name]
    if question.type == "bool":
        return [False, True]
    return [value for _, value in question.choices]


ALL_COMBINATIONS = [
    dict(zip(REQUIREMENTS, values, strict=True))
    for values in itertools.product(*(_options(name) for name in REQUIREMENTS))
]


def _jinja_default(answers: dict[str, Any]) -> str:
    """copier.yml's `framework` default, evaluated as copier evaluates it."""
    context = QUESTIONNAIRE.context(answers, folder_name="demo")
    return QUESTIONNAIRE.render(QUESTIONNAIRE["framework"].spec["default"], context).strip()


def test_every_requirement_question_is_in_the_table() -> None:
    requirement_questions = [
        "admin_backoffice",
        "html_pages",
        "content_management",
        "ecommerce",
        "json_api_clients",
        "microservice",
        "realtime",
        "ml_serving",
        "concurrency",
        "team_experience",
    ]
    assert requirement_questions == REQUIREMENTS
    assert len(ALL_COMBINATIONS) == 2**8 * 3 * 3


def test_copier_default_agrees_with_newproj_for_every_combination() -> None:
    disagreements = [
        answers
        for answers in ALL_COMBINATIONS
        if _jinja_default(answers) != recommend(answers, QUESTIONNAIRE.weights).framework
    ]
    assert disagreements == []


def test_both_frameworks_are_reachable_and_ties_go_to_django() -> None:
    results = [recommend(a, QUESTIONNAIRE.weights) for a in ALL_COMBINATIONS]
    assert {r.framework for r in results} == {"django", "fastapi"}
    ties = [r for r in results if r.tie]
    assert ties
    assert {r.framework for r in ties} == {"django"}


def test_reasons_explain_the_scores() -> None:
    rec = recommend(
        {"admin_backoffice": True, "realtime": True, "concurrency": "high"}, QUESTIONNAIRE.weights
    )
    assert rec.scores == {"django": 3, "fastapi": 5}
    assert rec.framework == "fastapi"
    assert [(r.question, r.framework) for r in rec.reasons] == [
        ("admin_backoffice", "django"),
        ("realtime", "fastapi"),
        ("concurrency", "fastapi"),
    ]
    for reason in rec.reasons:
        assert reason.why


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(answers=st.sampled_from(ALL_COMBINATIONS))
def test_real_copier_picks_the_recommended_framework(
    answers: dict[str, Any], template_src: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    worker = copier.run_copy(
        str(template_src),
        tmp_path_factory.mktemp("dst") / "demo",
        data={"project_name": "Demo", **answers},
        defaults=True,
        unsafe=True,
        pretend=True,
        quiet=True,
    )
    assert (
        worker.answers.combined["framework"] == recommend(answers, QUESTIONNAIRE.weights).framework
    )


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        (["admin_backoffice=true", "html_pages=true"], "django"),
        (["json_api_clients=true", "realtime=true", "concurrency=high"], "fastapi"),
        ([], "django"),
    ],
    ids=["admin+html", "api+realtime+high", "defaults"],
)
def test_cli_and_copier_agree_on_the_documented_examples(
    flags: list[str], expected: str, template_src: Path, tmp_path: Path
) -> None:
    args = [arg for flag in flags for arg in ("-d", flag)]
    result = CliRunner().invoke(app, ["recommend", *args, "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["framework"] == expected
    if flags:
        assert payload["reasons"]
    data = dict(flag.split("=") for flag in flags)
    worker = copier.run_copy(
        str(template_src),
        tmp_path / "demo",
        data={"project_name": "Demo", **data},
        defaults=True,
        unsafe=True,
        pretend=True,
        quiet=True,
    )
    assert worker.answers.combined["framework"] == expected


def test_recommend_prints_reasons_for_people() -> None:
    result = CliRunner().invoke(
        app,
        ["recommend", "-d", "admin_backoffice=true", "-d", "html_pages=true"],
        env={"COLUMNS": "120"},
    )
    assert result.exit_code == 0, result.output
    assert "newproj recommends Django" in result.stderr
    assert "admin_backoffice=true" in result.stderr


def test_recommend_rejects_bad_answers() -> None:
    result = CliRunner().invoke(app, ["recommend", "-d", "concurrency=extreme"])
    assert result.exit_code == 1
    assert "concurrency must be one of low, moderate, high" in result.stderr


def test_readme_table_matches_copier_yml() -> None:
    """The README documents the table; it must say what copier.yml says."""
    readme = (ROOT / "README.md").read_text()
    rows = set(re.findall(r"^\| `(\w+)` \| `(\w+)` \| (\w+) \| (\d+) \|", readme, re.MULTILINE))
    expected = {
        (question, answer, rule["framework"], str(rule["points"]))
        for question, rules in QUESTIONNAIRE.weights.items()
        for answer, rule in rules.items()
    }
    assert rows == expected
