"""Updates: projects follow newer template versions and keep their owners' edits.

The template versions are real git history: v1.0.0 is this repository's template, v2.0.0 adds a
file and appends to the README (where the user also writes, so it conflicts).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import copier
import pytest
import yaml
from conftest import ROOT, Project
from newproj import __version__, _source
from newproj._cli import app
from typer.testing import CliRunner, Result

FRAMEWORKS = ["django", "fastapi"]
V2_README_LINE = "Template v2.0.0 documents upgrades in UPGRADING.md."
USER_README_LINE = "Our team's own notes about this project."
USER_GITIGNORE_LINE = "*.ourlocal"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    ).stdout


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--no-verify", "-m", message)


@pytest.fixture
def template_repo(template_src: Path, tmp_path: Path) -> Path:
    """A template repository with two tagged versions."""
    repo = tmp_path / "template-repo"
    shutil.copytree(template_src, repo)
    git(repo, "init", "--quiet", "--initial-branch=main")
    commit_all(repo, "v1")
    git(repo, "tag", "v1.0.0")
    for framework in FRAMEWORKS:
        folder = repo / f"template-{framework}"
        (folder / "UPGRADING.md").write_text("# Upgrading\n\nRun `newproj update`.\n")
        readme = folder / "README.md.jinja"
        readme.write_text(readme.read_text().rstrip("\n") + f"\n\n{V2_README_LINE}\n")
    commit_all(repo, "v2")
    git(repo, "tag", "v2.0.0")
    return repo


def make_project(
    template_repo: Path,
    tmp_path: Path,
    framework: str,
    ref: str = "v1.0.0",
    *,
    project: Path | None = None,
) -> Path:
    """A project created from `template_repo` at `ref` and committed as the first commit."""
    project = project or tmp_path / f"proj-{framework}"
    result = invoke(
        "create",
        str(project),
        "--yes",
        "--no-setup",
        "--framework",
        framework,
        "--trust",
        "--template",
        f"git+file://{template_repo}",
        "--vcs-ref",
        ref,
    )
    assert result.exit_code == 0, result.output
    git(project, "init", "--quiet", "--initial-branch=main")
    commit_all(project, "Initial commit")
    return project


def user_edits(project: Path) -> None:
    readme = project / "README.md"
    readme.write_text(readme.read_text().rstrip("\n") + f"\n\n{USER_README_LINE}\n")
    gitignore = project / ".gitignore"
    gitignore.write_text(gitignore.read_text() + f"{USER_GITIGNORE_LINE}\n")
    commit_all(project, "Our edits")


def answers_of(project: Path) -> dict:
    return yaml.safe_load((project / ".copier-answers.yml").read_text())


def resolve_keeping_both(path: Path) -> None:
    lines = [
        line
        for line in path.read_text().splitlines(keepends=True)
        if not line.startswith(("<<<<<<< ", "=======", ">>>>>>> "))
    ]
    path.write_text("".join(lines))


@pytest.mark.slow
@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_update_keeps_edits_reports_conflicts_and_stays_green(
    framework: str, template_repo: Path, tmp_path: Path
) -> None:
    project = make_project(template_repo, tmp_path, framework)
    user_edits(project)
    env_before = (project / ".env").read_bytes()

    result = invoke("update", str(project), "--to", "v2.0.0", "--json")

    assert result.exit_code == 1, result.output  # a conflict remains
    report = json.loads(result.stdout)
    assert report["conflicts"] == ["README.md"]
    assert report["from"] == "v1.0.0"
    assert report["to"] == "v2.0.0"
    assert (project / "UPGRADING.md").is_file()  # v2's new file
    assert USER_GITIGNORE_LINE in (project / ".gitignore").read_text()  # edit elsewhere kept
    readme = (project / "README.md").read_text()
    assert "<<<<<<< " in readme
    assert USER_README_LINE in readme
    assert V2_README_LINE in readme
    assert (project / ".env").read_bytes() == env_before  # secrets untouched
    assert answers_of(project)["_commit"] == "v2.0.0"

    resolve_keeping_both(project / "README.md")
    commit_all(project, "Update to template v2.0.0")
    steps = tomllib.loads((project / "pyproject.toml").read_text())["tool"]["newproj"]
    built = Project(project)
    built.sync()
    built.run(*steps["migrate"])
    built.run(*steps["test"])


def test_update_without_conflicts_exits_0(template_repo: Path, tmp_path: Path) -> None:
    project = make_project(template_repo, tmp_path, "django")
    result = invoke("update", str(project), "--to", "v2.0.0")
    assert result.exit_code == 0, result.output
    assert "No conflicts" in result.stderr
    assert "UPGRADING.md" in result.stderr
    assert V2_README_LINE in (project / "README.md").read_text()


def test_rej_conflicts_are_detected(template_repo: Path, tmp_path: Path) -> None:
    project = make_project(template_repo, tmp_path, "django")
    user_edits(project)
    result = invoke("update", str(project), "--to", "v2.0.0", "--conflict", "rej", "--json")
    assert result.exit_code == 1, result.output
    assert json.loads(result.stdout)["conflicts"] == ["README.md.rej"]


def test_dry_run_shows_changes_and_touches_nothing(template_repo: Path, tmp_path: Path) -> None:
    project = make_project(template_repo, tmp_path, "django")
    user_edits(project)
    head = git(project, "rev-parse", "HEAD")
    result = invoke("update", str(project), "--to", "v2.0.0", "--dry-run", "--json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["dry_run"] is True
    assert "UPGRADING.md" in report["changed"]
    assert report["conflicts"] == ["README.md"]
    assert git(project, "status", "--porcelain") == ""
    assert git(project, "rev-parse", "HEAD") == head
    assert not (project / "UPGRADING.md").exists()
    assert answers_of(project)["_commit"] == "v1.0.0"


def test_dirty_tree_is_refused_and_named(template_repo: Path, tmp_path: Path) -> None:
    project = make_project(template_repo, tmp_path, "django")
    (project / "README.md").write_text("changed\n")
    (project / "scratch.txt").write_text("new\n")
    result = invoke("update", str(project), "--to", "v2.0.0")
    assert result.exit_code == 1
    assert "Uncommitted changes" in result.stderr
    assert "README.md" in result.stderr
    assert "scratch.txt" in result.stderr
    assert (project / "README.md").read_text() == "changed\n"


def test_framework_change_is_refused(template_repo: Path, tmp_path: Path) -> None:
    project = make_project(template_repo, tmp_path, "django")
    result = invoke("update", str(project), "-d", "framework=fastapi")
    assert result.exit_code == 1
    assert "Cannot change framework from django to fastapi" in result.stderr
    assert git(project, "status", "--porcelain") == ""


def test_project_without_git_is_refused(template_repo: Path, tmp_path: Path) -> None:
    project = make_project(template_repo, tmp_path, "django")
    shutil.rmtree(project / ".git")
    result = invoke("update", str(project))
    assert result.exit_code == 1
    assert "not a git repository" in result.stderr


def test_folder_without_answers_is_refused(tmp_path: Path) -> None:
    result = invoke("update", str(tmp_path))
    assert result.exit_code == 1
    assert ".copier-answers.yml" in result.stderr


def test_check_update_exit_codes(template_repo: Path, tmp_path: Path) -> None:
    project = make_project(template_repo, tmp_path, "fastapi")
    result = invoke("check-update", str(project), "--json")
    assert result.exit_code == 10
    report = json.loads(result.stdout)
    assert (report["current"], report["latest"], report["update_available"]) == (
        "v1.0.0",
        "v2.0.0",
        True,
    )
    assert invoke("update", str(project)).exit_code == 0  # default target: the latest tag
    commit_all(project, "Update")
    result = invoke("check-update", str(project))
    assert result.exit_code == 0, result.output
    assert "Up to date (v2.0.0)" in result.stderr


def test_plain_copier_update_works_from_a_reachable_source(
    template_repo: Path, tmp_path: Path
) -> None:
    project = make_project(template_repo, tmp_path, "django")
    user_edits(project)
    copier.run_update(project, defaults=True, overwrite=True, unsafe=True, quiet=True)
    assert answers_of(project)["_commit"] == "v2.0.0"
    assert (project / "UPGRADING.md").is_file()
    assert USER_GITIGNORE_LINE in (project / ".gitignore").read_text()


def test_offline_update_from_the_packaged_history(
    template_src: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A project made by an older release, on a machine with no cache and no template source."""
    old = tmp_path / "old-release"
    shutil.copytree(template_src, old)
    (old / "template-django" / ".python-version").unlink()  # the old release lacked it
    git(old, "init", "--quiet", "--initial-branch=main")
    commit_all(old, "old release")
    git(old, "tag", "v0.0.1")
    bundle = tmp_path / "template.bundle"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "build_history.py"),
            "--repo",
            str(old),
            "--out",
            str(bundle),
        ],
        check=True,
        capture_output=True,
    )
    project = make_project(old, tmp_path, "django", ref="v0.0.1")
    answers_file = project / ".copier-answers.yml"
    # What the old release recorded: the cache repository, which this machine does not have.
    answers_file.write_text(
        answers_file.read_text().replace(f"git+file://{old}", "~/.cache/newproj/template")
    )
    commit_all(project, "As made by newproj 0.0.1")
    shutil.rmtree(old)  # no source anywhere but the package
    assert not (Path.home() / ".cache" / "newproj" / "template").exists()
    monkeypatch.setattr(_source, "HISTORY_BUNDLE", bundle)

    result = invoke("update", str(project), "--json")

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["from"], report["to"]) == ("v0.0.1", f"v{__version__}")
    assert (project / ".python-version").is_file()
    assert answers_of(project)["_src_path"] == "~/.cache/newproj/template"


def test_history_script_bundles_release_tags(template_repo: Path, tmp_path: Path) -> None:
    bundle = tmp_path / "history.bundle"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "build_history.py"),
            "--repo",
            str(template_repo),
            "--out",
            str(bundle),
        ],
        check=True,
        capture_output=True,
    )
    heads = subprocess.run(
        ["git", "bundle", "list-heads", str(bundle)], capture_output=True, text=True, check=True
    ).stdout
    assert "refs/tags/v1.0.0" in heads
    assert "refs/tags/v2.0.0" in heads


def test_migration_carries_a_moved_file_with_the_users_edits(
    template_src: Path, tmp_path: Path
) -> None:
    """v2 moves NOTES.md to docs/NOTES.md and says so in `_migrations`."""
    repo = tmp_path / "moving-template"
    shutil.copytree(template_src, repo)
    notes = "# Notes\n\nline one\nline two\n"
    (repo / "template-django" / "NOTES.md").write_text(notes)
    git(repo, "init", "--quiet", "--initial-branch=main")
    commit_all(repo, "v1")
    git(repo, "tag", "v1.0.0")
    (repo / "template-django" / "NOTES.md").unlink()
    (repo / "template-django" / "docs").mkdir()
    (repo / "template-django" / "docs" / "NOTES.md").write_text(notes + "line three, from v2\n")
    copier_yml = repo / "copier.yml"
    copier_yml.write_text(
        copier_yml.read_text().replace(
            "_exclude:\n",
            "_migrations:\n"
            "  - version: v2.0.0\n"
            '    command: ["{{ _copier_python }}", "{{ _copier_conf.src_path }}/hooks/migrate.py",'
            ' "rename", "NOTES.md", "docs/NOTES.md"]\n'
            "    when: \"{{ _stage == 'before' }}\"\n"
            "_exclude:\n",
        )
    )
    commit_all(repo, "v2")
    git(repo, "tag", "v2.0.0")
    project = make_project(repo, tmp_path, "django")
    (project / "NOTES.md").write_text("# Notes\n\nour own line\nline one\nline two\n")
    commit_all(project, "Our notes")

    result = invoke("update", str(project), "--to", "v2.0.0", "--json")

    assert result.exit_code in {0, 1}, result.output
    assert not (project / "NOTES.md").exists()
    moved = (project / "docs" / "NOTES.md").read_text()
    assert "our own line" in moved  # the user's edit followed the file
    assert "line three, from v2" in moved
    report = json.loads(result.stdout)
    assert report["conflicts"] == (["docs/NOTES.md"] if "<<<<<<< " in moved else [])
