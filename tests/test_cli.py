"""`newproj create` and friends, driven through typer's CliRunner (stdin is not a TTY here)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml
from newproj import __version__
from newproj._cli import app
from typer.testing import CliRunner, Result

ENV = {"COLUMNS": "120"}


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), env=ENV)


def answers_of(project: Path) -> dict:
    return yaml.safe_load((project / ".copier-answers.yml").read_text())


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"newproj {__version__}"


def test_help_lists_commands() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    for command in ("create", "recommend"):
        assert command in result.stdout


def test_create_yes_renders_and_records_answers(tmp_path: Path) -> None:
    dest = tmp_path / "demo"
    result = invoke("create", str(dest), "--yes", "--no-setup", "-d", "project_name=Acme Orders")
    assert result.exit_code == 0, result.output
    answers = answers_of(dest)
    assert answers["project_name"] == "Acme Orders"
    assert answers["project_slug"] == "acme_orders"
    assert answers["framework"] == "django"
    assert answers["database"] == "sqlite"
    # The template is recorded where a later update can reach it, never inside the package.
    assert "site-packages" not in answers["_src_path"]
    # Under HOME it is recorded as ~/..., which copier expands on any machine.
    assert answers["_src_path"] == "~/.cache/newproj/template"
    assert Path(answers["_src_path"], ".git").expanduser().is_dir()
    assert answers["_commit"] == f"v{__version__}"
    assert "secret_key" not in answers
    assert "Django (recommended)" in result.stderr
    assert result.stdout == ""


def test_default_name_comes_from_the_folder(tmp_path: Path) -> None:
    result = invoke("create", str(tmp_path / "order-desk"), "--yes", "--no-setup")
    assert result.exit_code == 0, result.output
    answers = answers_of(tmp_path / "order-desk")
    assert (answers["project_name"], answers["project_slug"]) == ("Order Desk", "order_desk")


def test_one_letter_folder_still_gets_a_valid_slug(tmp_path: Path) -> None:
    result = invoke("create", str(tmp_path / "a"), "--yes", "--no-setup")
    assert result.exit_code == 0, result.output
    assert answers_of(tmp_path / "a")["project_slug"] == "a_project"


def test_framework_flag_overrides_the_recommendation(tmp_path: Path) -> None:
    dest = tmp_path / "api"
    result = invoke(
        "create",
        str(dest),
        "--yes",
        "--no-setup",
        "--framework",
        "fastapi",
        "--json",
        "-d",
        "admin_backoffice=true",
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["framework"] == "fastapi"
    assert payload["recommendation"]["framework"] == "django"
    assert payload["overridden"] is True
    assert answers_of(dest)["framework"] == "fastapi"


def test_json_is_one_object_on_stdout(tmp_path: Path) -> None:
    dest = tmp_path / "demo"
    result = invoke(
        "create",
        str(dest),
        "--yes",
        "--no-setup",
        "--json",
        "-d",
        "json_api_clients=true",
        "-d",
        "realtime=true",
        "-d",
        "concurrency=high",
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["framework"] == "fastapi"
    assert payload["destination"] == str(dest)
    assert payload["recommendation"]["scores"] == {"django": 0, "fastapi": 7}
    assert {r["question"] for r in payload["recommendation"]["reasons"]} == {
        "json_api_clients",
        "realtime",
        "concurrency",
    }
    assert ".copier-answers.yml" in payload["files"]
    # .newproj/ is newproj's own bookkeeping (file digests, setup logs), ignored by git.
    assert sorted(payload["files"]) == sorted(
        str(p.relative_to(dest))
        for p in dest.rglob("*")
        if p.is_file() and ".newproj" not in p.relative_to(dest).parts
    )


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    dest = tmp_path / "demo"
    result = invoke("create", str(dest), "--yes", "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["dry_run"] is True
    assert ".copier-answers.yml" in payload["files"]
    assert not dest.exists()
    assert list(tmp_path.iterdir()) == []
    human = invoke("create", str(dest), "--yes", "--dry-run")
    assert human.exit_code == 0
    assert "Nothing was written" in human.stderr
    assert not dest.exists()


def test_non_empty_destination_is_refused(tmp_path: Path) -> None:
    dest = tmp_path / "busy"
    dest.mkdir()
    (dest / "notes.txt").write_text("mine")
    result = invoke("create", str(dest), "--yes", "--no-setup")
    assert result.exit_code == 1
    assert "is not empty" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert [p.name for p in dest.iterdir()] == ["notes.txt"]


def test_force_writes_into_a_non_empty_folder_and_deletes_nothing(tmp_path: Path) -> None:
    dest = tmp_path / "busy"
    (dest / "keep").mkdir(parents=True)
    (dest / "keep" / "notes.txt").write_text("mine")
    (dest / "README.local").write_text("mine too")
    result = invoke("create", str(dest), "--yes", "--no-setup", "--force")
    assert result.exit_code == 0, result.output
    assert (dest / "keep" / "notes.txt").read_text() == "mine"
    assert (dest / "README.local").read_text() == "mine too"
    assert (dest / ".copier-answers.yml").is_file()


def test_empty_destination_folder_is_fine(tmp_path: Path) -> None:
    dest = tmp_path / "empty"
    dest.mkdir()
    assert invoke("create", str(dest), "--yes", "--no-setup").exit_code == 0
    assert (dest / ".copier-answers.yml").is_file()


def test_destination_that_is_a_file_is_refused(tmp_path: Path) -> None:
    dest = tmp_path / "file"
    dest.write_text("x")
    result = invoke("create", str(dest), "--yes", "--no-setup")
    assert result.exit_code == 1
    assert "not a directory" in result.stderr


def test_without_tty_or_yes_missing_answers_name_the_flags(tmp_path: Path) -> None:
    dest = tmp_path / "demo"
    result = invoke("create", str(dest), "-d", "project_name=Demo")
    assert result.exit_code == 1
    assert "--yes" in result.stderr
    assert "-d project_slug=..." in result.stderr
    assert not dest.exists()


def test_every_answer_given_needs_no_yes(tmp_path: Path) -> None:
    source = tmp_path / "first"
    assert invoke("create", str(source), "--yes", "--no-setup").exit_code == 0
    dest = tmp_path / "second"
    result = invoke(
        "create",
        str(dest),
        "--answers-file",
        str(source / ".copier-answers.yml"),
        "-d",
        "project_name=Second",
        "-d",
        "project_slug=second",
    )
    assert result.exit_code == 0, result.output
    assert answers_of(dest)["project_slug"] == "second"


def test_answers_file_and_data_precedence(tmp_path: Path) -> None:
    answers_file = tmp_path / "answers.yml"
    answers_file.write_text("project_name: From File\ndatabase: postgresql\n_src_path: /gone\n")
    dest = tmp_path / "demo"
    result = invoke(
        "create",
        str(dest),
        "--yes",
        "--no-setup",
        "--answers-file",
        str(answers_file),
        "-d",
        "project_name=From Flag",
    )
    assert result.exit_code == 0, result.output
    answers = answers_of(dest)
    assert answers["project_name"] == "From Flag"
    assert answers["database"] == "postgresql"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("project_name: [unclosed\n", "is not valid YAML"),
        ("- just\n- a list\n", "must be a mapping"),
        ("database: oracle\n", "database must be one of sqlite, postgresql"),
        ("no_such_question: 1\n", "Unknown question: no_such_question"),
        ("html_pages: maybe\n", "html_pages must be true or false"),
        ("author_email: nobody\n", "is not an e-mail address"),
    ],
    ids=["yaml", "list", "choice", "unknown", "bool", "validator"],
)
def test_broken_answers_files_fail_cleanly(tmp_path: Path, content: str, message: str) -> None:
    answers_file = tmp_path / "answers.yml"
    answers_file.write_text(content)
    dest = tmp_path / "demo"
    result = invoke("create", str(dest), "--yes", "--no-setup", "--answers-file", str(answers_file))
    assert result.exit_code == 1, result.output
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not dest.exists()


def test_missing_answers_file(tmp_path: Path) -> None:
    result = invoke(
        "create", str(tmp_path / "d"), "--yes", "--answers-file", str(tmp_path / "nope.yml")
    )
    assert result.exit_code == 1
    assert "does not exist" in result.stderr


def test_bad_data_flag(tmp_path: Path) -> None:
    result = invoke("create", str(tmp_path / "d"), "--yes", "-d", "novalue")
    assert result.exit_code == 1
    assert "KEY=VALUE" in result.stderr


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert invoke("create", str(tmp_path / "d"), "--framework", "flask").exit_code == 2
    assert invoke("create", "--no-such-flag").exit_code == 2


def test_dest_defaults_to_the_slug_in_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("create", "--yes", "--no-setup", "-d", "project_name=Shop Front")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "shop_front" / ".copier-answers.yml").is_file()


def _template_repo(tmp_path: Path, template_src: Path) -> Path:
    repo = tmp_path / "template-repo"
    subprocess.run(["cp", "-r", str(template_src), str(repo)], check=True)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "v1"], ["tag", "v1.0.0"]):
        subprocess.run(["git", "-C", str(repo), *args], check=True)
    return repo


def test_template_from_a_local_path(tmp_path: Path, template_src: Path) -> None:
    dest = tmp_path / "demo"
    result = invoke(
        "create", str(dest), "--yes", "--no-setup", "--trust", "--template", str(template_src)
    )
    assert result.exit_code == 0, result.output
    assert answers_of(dest)["_src_path"] == str(template_src)


def test_template_from_a_git_url_at_a_ref(tmp_path: Path, template_src: Path) -> None:
    repo = _template_repo(tmp_path, template_src)
    dest = tmp_path / "demo"
    result = invoke(
        "create",
        str(dest),
        "--yes",
        "--no-setup",
        "--trust",
        "--template",
        f"git+file://{repo}",
        "--vcs-ref",
        "v1.0.0",
    )
    assert result.exit_code == 0, result.output
    answers = answers_of(dest)
    assert answers["_src_path"] == f"git+file://{repo}"
    assert answers["_commit"] == "v1.0.0"


def test_template_without_copier_yml_is_refused(tmp_path: Path) -> None:
    result = invoke("create", str(tmp_path / "d"), "--yes", "--trust", "--template", str(tmp_path))
    assert result.exit_code == 1
    assert "no copier.yml" in result.stderr


def test_bundled_template_cache_is_reused(tmp_path: Path) -> None:
    assert invoke("create", str(tmp_path / "one"), "--yes", "--no-setup").exit_code == 0
    assert invoke("create", str(tmp_path / "two"), "--yes", "--no-setup").exit_code == 0
    first, second = answers_of(tmp_path / "one"), answers_of(tmp_path / "two")
    assert first["_src_path"] == second["_src_path"]
    log = subprocess.run(
        ["git", "-C", str(Path(first["_src_path"]).expanduser()), "log", "--oneline"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert len(log.stdout.splitlines()) == 1


def test_bundled_render_records_the_same_source_as_a_git_render(tmp_path: Path) -> None:
    """newproj renders from a plain export of the cache repository (no clone) and records the
    repository and commit, exactly as copier would when rendering the repository itself."""
    import copier

    assert invoke("create", str(tmp_path / "fast"), "--yes", "--no-setup").exit_code == 0
    fast = answers_of(tmp_path / "fast")
    via_git = tmp_path / "via-git"
    copier.run_copy(
        str(Path(fast["_src_path"]).expanduser()),
        via_git,
        vcs_ref=fast["_commit"],
        data={k: v for k, v in fast.items() if not k.startswith("_")},
        defaults=True,
        unsafe=True,
        quiet=True,
        skip_tasks=True,
    )
    slow = answers_of(via_git)
    assert (slow["_commit"], slow["_src_path"]) == (
        fast["_commit"],
        str(Path(fast["_src_path"]).expanduser()),
    )
    assert {k: v for k, v in fast.items() if k != "_src_path"} == {
        k: v for k, v in slow.items() if k != "_src_path"
    }
