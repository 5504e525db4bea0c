"""Project slugs: checked by newproj before copier runs, and again by copier.yml's validator."""

from __future__ import annotations

import keyword
import re
import sys
from pathlib import Path

import copier
import pytest
from newproj import load_questionnaire
from newproj._answers import SLUG_RE, check_slug, suggest_slug
from newproj._cli import app
from newproj._errors import InvalidAnswerError
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
QUESTIONNAIRE = load_questionnaire(ROOT)
RESERVED = {name for names in QUESTIONNAIRE.reserved_slugs.values() for name in names}

BAD_SLUGS = {
    "class": "a Python keyword",
    "django": "the import name of a dependency",
    "json": "a standard library module",
    "../up": "use 2-50 characters",
    "ｄｊａｎｇｏ": "look-alike Unicode characters for 'django'",
    "auth": "a Django built-in app label",
    "con": "a Windows device name",
    "tests": "the name of a test package",
    "x": "use 2-50 characters",
    "Acme": "use 2-50 characters",
    "9lives": "use 2-50 characters",
    "a" * 51: "use 2-50 characters",
    "demo\n": "use 2-50 characters",
}


@pytest.mark.parametrize("slug", list(BAD_SLUGS), ids=[repr(s) for s in BAD_SLUGS])
def test_cli_refuses_bad_slug_and_writes_nothing(slug: str, tmp_path: Path) -> None:
    dest = tmp_path / "x"
    result = CliRunner().invoke(
        app,
        ["create", str(dest), "--yes", "--no-setup", "-d", f"project_slug={slug}"],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 1, result.output
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1, message
    assert BAD_SLUGS[slug] in message
    suggestion = re.search(r"try '(\w+)'", message)
    assert suggestion, message
    check_slug(suggestion.group(1), QUESTIONNAIRE)  # the suggestion itself is valid
    assert not dest.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.parametrize("slug", [s for s in BAD_SLUGS if "\n" not in s])
def test_copier_validator_refuses_bad_slug(slug: str, template_src: Path, tmp_path: Path) -> None:
    dest = tmp_path / "x"
    with pytest.raises(ValueError, match="Invalid project_slug"):
        copier.run_copy(
            str(template_src),
            dest,
            data={"project_slug": slug, "run_setup": False},
            defaults=True,
            unsafe=True,
            quiet=True,
        )
    assert not dest.exists()


@pytest.mark.parametrize("slug", ["demo", "acme_orders", "shop2", "a1"])
def test_good_slugs_pass(slug: str) -> None:
    check_slug(slug, QUESTIONNAIRE)


def test_every_stdlib_module_and_keyword_is_reserved() -> None:
    shaped = {n for n in sys.stdlib_module_names if SLUG_RE.fullmatch(n)}
    assert shaped - RESERVED == set()
    assert {
        k for k in keyword.kwlist + keyword.softkwlist if SLUG_RE.fullmatch(k)
    } - RESERVED == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Acme Orders", "acme_orders"),
        ("ｄｊａｎｇｏ", "django_app"),
        ("../up", "up"),
        ("9 Lives", "lives"),
        ("x", "x_app"),
        ("", "project"),
        ("Café Crème", "cafe_creme"),
    ],
)
def test_suggestions_are_valid(text: str, expected: str) -> None:
    suggestion = suggest_slug(text, RESERVED)
    assert suggestion == expected
    check_slug(suggestion, QUESTIONNAIRE)


def test_slug_is_derived_from_the_name(render) -> None:
    project = render(project_name="Acme Orders 2")
    assert "project_slug: acme_orders_2" in (project / ".copier-answers.yml").read_text()


def test_check_slug_raises_library_error() -> None:
    with pytest.raises(InvalidAnswerError, match="Python keyword"):
        check_slug("import", QUESTIONNAIRE)
