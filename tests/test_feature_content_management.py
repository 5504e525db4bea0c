"""content_management: Django projects get Wagtail (a `cms` app) through their usual seams; FastAPI
projects get nothing, and the questionnaire says so. A real browser logs into the editor,
publishes an article and reads it on the site, without a request to any other host.

The feature matrix (tests/test_features.py) installs, lints and runs the project's own CMS tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from _browser import browser_walk
from conftest import ROOT, Project, Render, ruff_clean
from test_hardening_django import PASSWORD, served

# Where a Django project with the CMS may mention it: its own files and its seams.
SEAMS = {
    "src/demo/config/settings/base.py",
    "src/demo/config/urls.py",
    "pyproject.toml",
    "uv.lock",
    ".env.example",
    "README.md",
    ".copier-answers.yml",
}
MARKERS = ("wagtail", "demo.cms", "MEDIA_ROOT")


def _mentions(project: Path) -> set[str]:
    found = set()
    for path in project.rglob("*"):
        if not path.is_file() or ".venv" in path.parts:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        if any(marker in text for marker in MARKERS):
            found.add(str(path.relative_to(project)))
    return found


def _files(project: Path) -> dict[str, bytes]:
    """Every file of a rendered project and its content, but the answers file (which records
    the answers) and .env (which holds the project's own generated secrets)."""
    return {
        str(path.relative_to(project)): path.read_bytes()
        for path in sorted(project.rglob("*"))
        if path.is_file() and path.name not in {".copier-answers.yml", ".env"}
    }


def test_django_gets_a_cms_app_known_only_to_its_seams(render: Render) -> None:
    project = render(framework="django", content_management=True)
    cms = project / "src/demo/cms"
    for owned in ("models.py", "urls.py", "migrations/0001_initial.py", "templates/cms"):
        assert (cms / owned).exists(), owned
    assert (project / "tests/test_cms.py").is_file()
    outside = {path for path in _mentions(project) if not path.startswith("src/demo/cms/")}
    assert outside <= SEAMS | {"tests/test_cms.py"}, outside - SEAMS
    ruff_clean(project)


def test_django_without_it_has_nothing_of_it(render: Render) -> None:
    project = render(framework="django")
    assert not (project / "src/demo/cms").exists()
    assert not (project / "tests/test_cms.py").exists()
    assert _mentions(project) == set()


def test_fastapi_builds_nothing_and_the_question_says_so(render: Render) -> None:
    on = render("on", framework="fastapi", content_management=True)
    off = render("off", framework="fastapi", content_management=False)
    config = yaml.safe_load((ROOT / "copier.yml").read_text())
    assert config["capabilities"]["default"]["content_management"]["fastapi"].startswith(
        "Recommendation only"
    )
    assert "FastAPI has no equivalent" in config["content_management"]["help"]
    assert _files(on) == _files(off)
    assert "wagtail" not in (on / "pyproject.toml").read_text()


@pytest.mark.slow
def test_a_browser_publishes_an_article_from_the_editor(render: Render) -> None:
    project = Project(render(framework="django", database="sqlite", content_management=True))
    project.sync()
    with served(project, {}) as origin, browser_walk(origin, "django-cms") as walk:
        page = walk.page
        walk.visit("/pages/")
        page.wait_for_selector("text=No articles yet.")
        walk.screenshot("01-site-home")

        # The editor asks for a login; the superuser is an editor.
        walk.visit("/cms/")
        assert "/cms/login/" in page.url
        page.fill("input[name=username]", "admin@example.com")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{origin}/cms/")
        walk.screenshot("02-editor-dashboard")

        # A new article under the home page, with a heading in its body, published.
        # (The home page allows articles only: adding a child page opens the article form.)
        walk.visit("/cms/pages/")
        edit_home = page.get_by_title("Edit this page").first.get_attribute("href")
        assert edit_home
        walk.visit(edit_home.replace("/edit/", "/add_subpage/"))
        page.wait_for_url("**/cms/pages/add/cms/articlepage/**")
        page.fill("#id_title", "Walked article")
        page.fill("#id_intro", "Written by a browser.")
        page.locator(".c-sf-add-button").first.click()
        page.get_by_role("option", name="Heading").click()
        page.locator("[data-streamfield-child] input[type=text]").first.fill("From the editor")
        walk.screenshot("03-article-form")
        page.locator("[data-w-dropdown-target=toggle]").last.click()
        page.get_by_role("button", name="Publish").click()
        page.wait_for_selector("text=created and published")
        walk.screenshot("04-published")

        # The site serves it, and lists it on the home page.
        walk.visit("/pages/walked-article/")
        page.wait_for_selector("h2:has-text('From the editor')")
        walk.screenshot("05-article")
        walk.visit("/pages/")
        page.wait_for_selector("a:has-text('Walked article')")
