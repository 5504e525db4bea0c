"""Issue 12, "the front door": no lost work, no tracebacks, names that render, clear exit codes.

Each test names the issue item it covers. The slow ones install a generated project.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
import yaml
from newproj._cli import app
from typer.testing import CliRunner, Result

ROOT = Path(__file__).resolve().parents[1]

ENV = {"COLUMNS": "200"}


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), env=ENV)


def answers_of(project: Path) -> dict:
    return yaml.safe_load((project / ".copier-answers.yml").read_text())


def one_line_error(result: Result | subprocess.CompletedProcess[str]) -> str:
    """The error: one line, the last one (after any progress line), no traceback."""
    return one_error_line(result.stderr)


def one_error_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert "Traceback" not in stderr, stderr
    assert [line for line in lines if line.startswith("Error: ")] == lines[-1:], stderr
    return lines[-1]


def snapshot(root: Path) -> dict[str, str]:
    """Every path under root with its kind and content, to prove nothing changed."""
    shot = {}
    for path in sorted(root.rglob("*")):
        name = str(path.relative_to(root))
        if path.is_symlink():
            shot[name] = "link:" + os.readlink(path)
        elif path.is_dir():
            shot[name] = "dir"
        else:
            shot[name] = "file:" + path.read_text(errors="replace")
    return shot


def git(project: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(project), *args], capture_output=True, text=True, check=True
    ).stdout


# -- items 1 and 2: --force loses nothing -----------------------------------------------------


def test_force_keeps_env_and_edited_files_and_replaces_only_untouched_ones(tmp_path: Path) -> None:
    """Item 1: .env and the user's edits survive `create --force` over an existing project."""
    dest = tmp_path / "shop"
    assert invoke("create", str(dest), "--yes", "--no-setup").exit_code == 0
    env = dest / ".env"
    env.write_text(env.read_text() + "DATABASE_URL=postgresql://me:s3cret@db/prod\n")
    (dest / "README.md").write_text("my own readme\n")
    (dest / "notes.txt").write_text("mine")
    untouched = dest / "pyproject.toml"
    untouched.write_text(untouched.read_text())  # same bytes: still the template's file

    result = invoke("create", str(dest), "--yes", "--no-setup", "--force", "--json")
    assert result.exit_code == 0, result.output
    assert "postgresql://me:s3cret@db/prod" in env.read_text()
    assert (dest / "README.md").read_text() == "my own readme\n"
    assert (dest / "notes.txt").read_text() == "mine"
    payload = json.loads(result.stdout)
    assert payload["kept"] == [".env", "README.md"]

    human = invoke("create", str(dest), "--yes", "--no-setup", "--force")
    assert human.exit_code == 0, human.output
    assert "Kept 2 file(s) of yours" in human.stderr
    assert ".env, README.md" in human.stderr


def test_force_replaces_a_template_file_the_user_did_not_edit(tmp_path: Path) -> None:
    """Item 1: a file still as the template wrote it follows the new render."""
    dest = tmp_path / "shop"
    assert invoke("create", str(dest), "--yes", "--no-setup").exit_code == 0
    readme = dest / "README.md"
    before = readme.read_text()
    result = invoke(
        "create", str(dest), "--yes", "--no-setup", "--force", "-d", "description=Second take."
    )
    assert result.exit_code == 0, result.output
    assert readme.read_text() != before
    assert "Second take." in readme.read_text()


def test_setup_never_commits_in_an_existing_repository(tmp_path: Path) -> None:
    """Item 1: the git step leaves the user's history, index and hooks alone."""
    sys.path.insert(0, str(ROOT / "hooks"))
    try:
        import setup as hook  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    dest = tmp_path / "mine"
    assert invoke("create", str(dest), "--yes", "--no-setup").exit_code == 0
    git(dest, "init", "-q")
    git(dest, "add", "pyproject.toml")
    git(dest, "commit", "-qm", "mine")
    (dest / "unfinished.py").write_text("x = 1\n")
    head = git(dest, "rev-parse", "HEAD")

    report = hook.run_setup(dest, skip=("install", "createdb", "migrate", "seed", "test"))
    assert report.ok
    assert "nothing committed" in report.steps[0].detail
    assert git(dest, "rev-parse", "HEAD") == head
    assert git(dest, "diff", "--cached", "--name-only") == ""


@pytest.mark.parametrize(
    "clash",
    ["file-where-folder", "folder-where-file"],
)
def test_force_with_a_file_folder_clash_changes_nothing(clash: str, tmp_path: Path) -> None:
    """Item 2: clashes are found before anything moves; DEST stays exactly as it was."""
    dest = tmp_path / "busy"
    dest.mkdir()
    (dest / ".env").write_text("SECRET_KEY=mine\n")
    if clash == "file-where-folder":
        (dest / "src").write_text("a file named src")
    else:
        (dest / "pyproject.toml").mkdir()
        (dest / "pyproject.toml" / "x").write_text("a folder named pyproject.toml")
    before = snapshot(dest)
    result = invoke("create", str(dest), "--yes", "--no-setup", "--force")
    assert result.exit_code == 1
    message = one_line_error(result)
    assert "nothing was changed" in message
    assert snapshot(dest) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["busy"]


# -- items 3 and 4: names that render -----------------------------------------------------------


def test_emoji_and_quotes_render_as_real_characters(tmp_path: Path) -> None:
    """Item 3: characters outside the BMP are written as themselves, not surrogate pairs."""
    name = 'Rocket \U0001f680 "Q" \\ Café'
    for framework in ("django", "fastapi"):
        dest = tmp_path / framework
        result = invoke(
            "create",
            str(dest),
            "--yes",
            "--no-setup",
            "--framework",
            framework,
            "-d",
            f"project_name={name}",
            "-d",
            f"description=\U0001f680 {name}",
            "-d",
            f"author_name={name}",
        )
        assert result.exit_code == 0, result.output
        project = tomllib.loads((dest / "pyproject.toml").read_text(encoding="utf-8"))["project"]
        assert project["description"] == f"\U0001f680 {name}"
        assert project["authors"][0]["name"] == name
        assert "\\ud83d" not in (dest / "pyproject.toml").read_text()
        assert answers_of(dest)["project_name"] == name
    main = next((tmp_path / "fastapi" / "src").glob("*/main.py")).read_text(encoding="utf-8")
    assert "\\ud83d" not in main
    assert "\U0001f680" in main


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("description", "one\rtwo", "one line of text"),
        ("project_name", "Bell\x07", "one line of text"),
        ("author_name", "a\nb", "one line of text"),
        ("author_email", 'a"b@example.com', "is not an e-mail address"),
        ("author_email", "a\bb@example.com", "is not an e-mail address"),
        ("author_email", "<script>@x.io", "is not an e-mail address"),
    ],
)
def test_control_characters_and_bad_addresses_are_refused(
    key: str, value: str, expected: str, tmp_path: Path
) -> None:
    """Item 4: refused with one line (control characters shown escaped), nothing written."""
    dest = tmp_path / "x"
    result = invoke("create", str(dest), "--yes", "--no-setup", "-d", f"{key}={value}")
    assert result.exit_code == 1
    assert expected in one_line_error(result)
    assert not dest.exists()


# -- item 7: a slug nobody typed is always valid -----------------------------------------------


@pytest.mark.parametrize(
    ("folder", "name", "slug"),
    [
        ("email", None, "email_app"),
        ("app", None, "my_app"),
        ("x", "Case", "case_app"),
        ("x", "Café Ölçü", "cafe_olcu"),
        ("x", "Quarterly Revenue Reconciliation And Forecasting Service For Teams", None),
    ],
)
def test_yes_derives_a_valid_slug(
    folder: str, name: str | None, slug: str | None, tmp_path: Path
) -> None:
    args = ["-d", f"project_name={name}"] if name else []
    dest = tmp_path / folder
    result = invoke("create", str(dest), "--yes", "--no-setup", *args)
    assert result.exit_code == 0, result.output
    derived = answers_of(dest)["project_slug"]
    if slug:
        assert derived == slug
    else:
        assert derived == "quarterly_revenue_reconciliation_and_forecasting"
        assert len(derived) <= 50


# -- item 9: one line, never a traceback -------------------------------------------------------


def test_unusable_destinations_say_so_in_one_line(tmp_path: Path) -> None:
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "missing")
    a_file = tmp_path / "file"
    a_file.write_text("x")
    for dest, expected in (
        (dangling, "does not exist"),
        (a_file / "sub", "is a file"),
        (tmp_path / ("n" * 300), "longer than this file system allows"),
    ):
        result = invoke("create", str(dest), "--yes", "--no-setup")
        assert result.exit_code == 1, (dest, result.output)
        assert expected in one_line_error(result)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dangling", "file"]


def _sigint_as_at_a_terminal() -> None:
    """Ctrl-C's usual action in the child: a suite started in the background by a shell without
    job control inherits SIGINT ignored, and Python then never raises KeyboardInterrupt."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _newproj(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "newproj", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **ENV},
        preexec_fn=_sigint_as_at_a_terminal,
    )


def test_concurrent_creates_into_one_destination(tmp_path: Path) -> None:
    """Item 9: exactly one of two simultaneous creates wins; the other exits 1 in one line
    (the lock if they overlap, else "not empty")."""
    dest = tmp_path / "race"
    runs = [_newproj("create", str(dest), "--yes", "--no-setup") for _ in range(2)]
    results = [(run.wait(timeout=300), *run.communicate()) for run in runs]
    codes = sorted(code for code, _, _ in results)
    assert codes == [0, 1], results
    loser = next(stderr for code, _, stderr in results if code == 1)
    one_error_line(loser)
    assert not list(tmp_path.glob(".newproj-*")), "lock file or scratch folder left behind"


def test_force_create_while_another_writes_there_exits_1(tmp_path: Path) -> None:
    """Item 9: --force does not merge into a project another newproj is still writing."""
    from newproj._place import destination_lock

    dest = tmp_path / "busy"
    with destination_lock(dest):
        run = _newproj("create", str(dest), "--yes", "--no-setup", "--force")
        code = run.wait(timeout=300)
        _, stderr = run.communicate()
    assert code == 1, stderr
    assert "Another newproj is writing into" in one_error_line(stderr)
    assert not dest.exists()
    assert not list(tmp_path.glob(".newproj-*"))


# -- item 8: Ctrl-C during setup, and `newproj setup` --------------------------------------------


def test_setup_outside_a_project_is_refused(tmp_path: Path) -> None:
    result = invoke("setup", str(tmp_path))
    assert result.exit_code == 1
    assert ".copier-answers.yml" in one_line_error(result)


def test_busy_unfinished_project_points_to_newproj_setup(tmp_path: Path) -> None:
    dest = tmp_path / "half"
    assert invoke("create", str(dest), "--yes", "--no-setup").exit_code == 0
    result = invoke("create", str(dest), "--yes")
    assert result.exit_code == 1
    assert f"newproj setup {dest}" in one_line_error(result)


@pytest.mark.slow
def test_ctrl_c_during_setup_says_what_was_left_and_setup_finishes_it(tmp_path: Path) -> None:
    dest = tmp_path / "interrupted"
    run = _newproj("create", str(dest), "--yes", "--framework", "fastapi")
    install_log = dest / ".newproj" / "logs" / "install.log"
    deadline = time.monotonic() + 120
    while not install_log.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert install_log.exists(), "setup never started"
    time.sleep(0.5)
    run.send_signal(signal.SIGINT)
    _, stderr = run.communicate(timeout=120)
    assert run.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert "Cancelled during setup" in stderr
    assert f"newproj setup {dest}" in stderr
    assert "not done: install, git" in stderr or "not done: git" in stderr

    finish = subprocess.run(
        [sys.executable, "-m", "newproj", "setup", str(dest / "src")],
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, **ENV},
        check=False,
    )
    assert finish.returncode == 0, finish.stderr
    assert "passed, 0 failed" in finish.stderr
    assert git(dest, "log", "--oneline").count("\n") == 1


# -- item 10: exit codes -----------------------------------------------------------------------


def test_check_update_finds_the_project_from_a_subfolder(tmp_path: Path) -> None:
    dest = tmp_path / "proj"
    assert invoke("create", str(dest), "--yes", "--no-setup").exit_code == 0
    result = invoke("check-update", str(dest / "src"))
    assert result.exit_code == 0, result.output
    assert "Up to date" in result.stderr


def test_check_update_errors_exit_1_not_the_update_available_code(tmp_path: Path) -> None:
    missing = invoke("check-update", str(tmp_path / "nowhere"))
    no_answers = invoke("check-update", str(tmp_path))
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / ".copier-answers.yml").write_text("just text\n")
    invalid = invoke("check-update", str(tmp_path / "bad"))
    for result in (missing, no_answers, invalid):
        assert result.exit_code == 1, result.output
        one_line_error(result)


def test_recommend_refuses_unknown_keys_like_create() -> None:
    result = invoke("recommend", "-d", "no_such_question=true")
    assert result.exit_code == 1
    assert "Unknown question: no_such_question" in one_line_error(result)


def test_readme_has_one_exit_code_table_matching_the_code() -> None:
    from newproj._errors import EXIT_UPDATE_AVAILABLE, CancelledError, SetupFailedError

    readme = (ROOT / "README.md").read_text()
    table = readme[readme.index("### Exit codes") :].split("\n\n")[2]
    codes = [line.split("|")[1].strip() for line in table.splitlines()[2:]]
    expected = ["0", "1", "2", SetupFailedError.exit_code, EXIT_UPDATE_AVAILABLE]
    assert codes == [*map(str, expected), str(CancelledError.exit_code)]


# -- item 11: the smaller ones -----------------------------------------------------------------


def test_answers_file_with_a_new_name_gets_a_new_slug(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = tmp_path / "first"
    assert invoke("create", str(first), "--yes", "--no-setup").exit_code == 0
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)  # DEST defaults to ./<slug>
    result = CliRunner().invoke(
        app,
        [
            "create",
            "--yes",
            "--no-setup",
            "--answers-file",
            str(first / ".copier-answers.yml"),
            "-d",
            "project_name=Other",
            "--json",
        ],
        env=ENV,
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["answers"]["project_slug"] == "other"
    assert Path(payload["destination"]) == work / "other"


def test_override_summary_says_why_newproj_recommended_otherwise(tmp_path: Path) -> None:
    result = invoke(
        "create",
        str(tmp_path / "api"),
        "--yes",
        "--no-setup",
        "--framework",
        "fastapi",
        "-d",
        "admin_backoffice=true",
    )
    assert result.exit_code == 0, result.output
    assert "your choice; newproj recommended Django" in result.stderr
    assert "Django generates a full back-office" in result.stderr


def test_summary_without_a_log_prints_no_empty_log_line() -> None:
    from newproj._cmd_create import _setup_lines

    setup = {
        "steps": [{"name": "git", "status": "failed", "seconds": 0, "detail": "no git", "log": ""}],
        "tests": {},
        "ok": False,
    }
    lines = _setup_lines(setup)
    assert not any(line.startswith("Full log") for line in lines)


@pytest.mark.parametrize(
    ("closing", "line"),
    [
        ("247 passed, 14 deselected in 75.46s", "247 passed, 0 failed (14 slow tests left out"),
        ("30 passed, 1 deselected in 5.0s", "30 passed, 0 failed (1 slow test left out"),
        ("3 passed, 1 failed, 2 errors in 5.0s", "3 passed, 1 failed, 2 errors"),
    ],
)
def test_the_tests_line_counts_what_the_quick_check_left_out(closing: str, line: str) -> None:
    from newproj._setup import load_hook
    from newproj._source import bundled_template_dir

    hook = load_hook(bundled_template_dir())
    said = hook.tests_line(hook.parse_pytest_counts(f"...\n{closing}\n"))
    assert said.startswith(line)
    assert ("`uv run pytest` runs every test)" in said) == ("deselected" in closing)


def test_template_needs_trust(tmp_path: Path, template_src: Path) -> None:
    """Issue 13 item 17: another template runs its own code, so it needs --trust."""
    dest = tmp_path / "demo"
    result = invoke("create", str(dest), "--yes", "--no-setup", "--template", str(template_src))
    assert result.exit_code == 1
    assert "--trust" in one_line_error(result)
    assert not dest.exists()
    trusted = invoke(
        "create", str(dest), "--yes", "--no-setup", "--trust", "--template", str(template_src)
    )
    assert trusted.exit_code == 0, trusted.output


def test_bench_report_on_a_terminal_shows_no_image_emoji() -> None:
    from newproj._cmd_bench import terminal_markdown
    from rich.console import Console

    console = Console(width=100, record=True, force_terminal=False)
    console.print(terminal_markdown("# Report\n\n| a |\n|---|\n| 1 |\n\n![rps](chart.svg)\n"))
    text = console.export_text()
    assert "Report" in text
    assert "\U0001f306" not in text
    assert "rps" not in text


# -- item 5: a Django project set up from a fresh clone, as its README says ---------------------


@pytest.mark.slow
def test_django_fresh_clone_follows_its_readme(render) -> None:
    from conftest import Project

    project = render("clone", framework="django")
    (project / ".env").unlink()  # git-ignored: a fresh clone has none
    example = (project / ".env.example").read_text()
    (project / ".env").write_text(example.replace("SECRET_KEY=\n", f"SECRET_KEY={'k' * 64}\n"))
    generated = Project(project)
    generated.sync()
    generated.run("python", "manage.py", "createdb", "--migrate")
    assert (project / "db.sqlite3").is_file()


def test_create_help_lists_the_question_keys() -> None:
    result = invoke("create", "--help")
    assert result.exit_code == 0
    help_text = " ".join(result.stdout.split())
    assert "Questions (-d KEY=VALUE; see copier.yml): project_name, project_slug," in help_text
    assert "run_setup" in help_text


def test_update_dry_run_when_up_to_date_says_so(tmp_path: Path) -> None:
    dest = tmp_path / "current"
    assert invoke("create", str(dest), "--yes", "--no-setup").exit_code == 0
    git(dest, "init", "-q")
    git(dest, "add", "-A")
    git(dest, "commit", "-qm", "Initial commit")
    result = invoke("update", str(dest), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "is up to date (v" in result.stderr
    assert "Would update" not in result.stderr


def test_check_update_on_an_untagged_commit_says_why_it_cannot_tell(tmp_path: Path) -> None:
    """Item 11: a project copied from an untagged clone records a commit, not a release."""
    dest = tmp_path / "untagged"
    assert invoke("create", str(dest), "--yes", "--no-setup").exit_code == 0
    answers = dest / ".copier-answers.yml"
    answers.write_text(
        "\n".join(
            "_commit: 8e4acab" if line.startswith("_commit:") else line
            for line in answers.read_text().splitlines()
        )
        + "\n"
    )
    result = invoke("check-update", str(dest))
    assert result.exit_code == 1
    assert "records template commit 8e4acab, not a release tag" in one_line_error(result)
