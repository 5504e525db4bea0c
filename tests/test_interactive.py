"""The questionnaire on a real terminal (a pty): prompts, the recommendation, then the render."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect
import yaml

NEWPROJ = [sys.executable, "-c", "from newproj._cli import main; main()"]


def _spawn(*args: str, cwd: Path) -> pexpect.spawn:
    child = pexpect.spawn(
        NEWPROJ[0],
        [*NEWPROJ[1:], *args],
        cwd=str(cwd),
        encoding="utf-8",
        timeout=30,
        dimensions=(50, 160),
        env={**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1"},
    )
    child.logfile_read = sys.stderr  # shown by pytest when the test fails
    return child


def test_interactive_create_shows_the_recommendation_before_the_framework(tmp_path: Path) -> None:
    dest = tmp_path / "shop"
    child = _spawn("create", str(dest), "--no-setup", cwd=tmp_path)
    child.expect("Project name")
    child.sendline("")  # default: from the folder name
    child.expect("Python package name")
    child.sendline("")
    for _ in range(3):  # description, author name, author e-mail
        child.expect(r"\?")
        child.sendline("")
    # Yes/no questions take one key, no Enter.
    for prompt, key in [
        ("back-office", "y"),
        ("render HTML pages", "y"),
        ("content site", "n"),
        ("a shop", "n"),
        ("consume a JSON API", "n"),
        ("microservice", "n"),
        ("real-time", "n"),
        ("machine-learning", "n"),
    ]:
        child.expect(prompt)
        child.expect(r"\(y/N\)")
        child.send(key)
    child.expect("How many requests")
    child.sendline("")  # moderate
    child.expect("already know")
    child.sendline("")  # neither
    child.expect("newproj recommends Django")
    child.expect("admin_backoffice=true")
    child.expect("Framework")
    child.sendline("")  # accept the recommendation
    child.expect("Database")
    child.sendline("")
    # The feature questions take their defaults; --no-setup answered run_setup, so it is not
    # asked.
    for feature in ("benchmark", "outside requests"):
        child.expect(feature)
        child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    answers = yaml.safe_load((dest / ".copier-answers.yml").read_text())
    assert answers["project_name"] == "Shop"
    assert answers["admin_backoffice"] is True
    assert answers["framework"] == "django"


def test_interactive_prompt_rejects_a_bad_slug_and_asks_again(tmp_path: Path) -> None:
    dest = tmp_path / "demo"
    child = _spawn("create", str(dest), "--no-setup", cwd=tmp_path)
    child.expect("Project name")
    child.sendline("")
    child.expect("Python package name")
    child.send("\x7f" * 10 + "class\r")
    child.expect("Python keyword")
    child.send("\x7f" * 10 + "shop\r")
    child.expect("One sentence")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert not dest.exists()
    assert list(tmp_path.iterdir()) == []
