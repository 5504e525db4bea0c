"""FastAPI's admin (admin_backoffice) and pages (html_pages) added to an existing project by
`copier update -d`: the owner's edits, a seam file (main.py) included, stay."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import copier


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    ).stdout


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--no-verify", "-m", message)


def test_admin_and_pages_added_by_update_keep_user_edits(
    template_src: Path, tmp_path: Path
) -> None:
    repo = tmp_path / "template-repo"
    shutil.copytree(template_src, repo)
    git(repo, "init", "--quiet", "--initial-branch=main")
    commit_all(repo, "template")
    git(repo, "tag", "v1.0.0")

    project = tmp_path / "shop"
    answers = {"project_name": "Shop", "framework": "fastapi", "run_setup": False}
    copier.run_copy(str(repo), project, data=answers, defaults=True, unsafe=True, quiet=True)
    assert not (project / "src/shop/admin").exists()
    assert not (project / "src/shop/pages").exists()
    git(project, "init", "--quiet", "--initial-branch=main")
    commit_all(project, "Initial commit")
    # The owner edits a seam file (main.py) and a file the features build on.
    main = project / "src/shop/main.py"
    main.write_text(main.read_text().replace('version="0.1.0"', 'version="0.2.0"'))
    schemas = project / "src/shop/items/schemas.py"
    edited = schemas.read_text().replace(
        "title: str = Field(min_length=1, max_length=255)",
        "title: str = Field(min_length=1, max_length=200)  # our own limit",
    )
    schemas.write_text(edited)
    commit_all(project, "Our edits")

    copier.run_update(
        project,
        data={"admin_backoffice": True, "html_pages": True},
        defaults=True,
        overwrite=True,
        unsafe=True,
        quiet=True,
    )

    assert 'version="0.2.0"' in main.read_text()
    assert "install_admin(app)" in main.read_text()
    assert "install_pages(app)" in main.read_text()
    assert schemas.read_text() == edited
    assert (project / "src/shop/admin/views.py").is_file()
    assert (project / "src/shop/pages/templates/items.html").is_file()
    assert (project / "tests/test_admin_ui.py").is_file()
    assert (project / "tests/test_pages.py").is_file()
    assert not list(project.rglob("*.rej"))
    # That a project given every feature by update installs, lints and passes its suite is
    # tests/test_features.py::test_update_adds_every_feature_to_a_project_with_edits.
