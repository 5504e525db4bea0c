"""Issue 16, the generator's own seams: what newproj imports it declares, one exit boundary."""

from __future__ import annotations

import ast
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "generator" / "newproj"


def _imported_modules() -> set[str]:
    """Top-level modules newproj imports, except those imported under `try: ... except
    ImportError` (optional: the bench's database drivers)."""
    found = set()
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        optional = {
            id(node)
            for handler in ast.walk(tree)
            if isinstance(handler, ast.Try)
            for node in ast.walk(handler)
            if isinstance(node, ast.Import | ast.ImportFrom)
        }
        for node in ast.walk(tree):
            if id(node) in optional:
                continue
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"newproj", "__future__"}


def test_every_third_party_import_is_a_declared_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = {
        Requirement(spec).name.lower().replace("_", "-") for spec in project["dependencies"]
    }
    distributions = packages_distributions()
    missing = {}
    for module in sorted(_imported_modules()):
        names = {d.lower().replace("_", "-") for d in distributions.get(module, [module])}
        if not names & declared:
            missing[module] = sorted(names)
    assert missing == {}


def test_doctor_errors_go_through_the_one_boundary(tmp_path: Path) -> None:
    from newproj._cli import app
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, ["doctor", "--dest", str(tmp_path / ("n" * 300))])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.strip().splitlines() == [
        f"Error: File name too long: {tmp_path / ('n' * 300)}"
    ]


def test_bench_choices_come_from_the_questionnaire(tmp_path: Path) -> None:
    from newproj import load_questionnaire
    from newproj._cli import app
    from typer.testing import CliRunner

    databases = [value for _, value in load_questionnaire(ROOT)["database"].choices]
    result = CliRunner().invoke(app, ["bench", "--database", "oracle", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert f"--database must be {' or '.join(databases)}, not 'oracle'" in result.stderr


def test_the_setup_hook_reads_answers_as_yaml(render) -> None:
    """The hook's git identity comes from the answers file, read by a YAML parser (a line
    splitter kept the quotes and escapes of names that need them)."""
    sys.path.insert(0, str(ROOT / "hooks"))
    try:
        import setup as hook  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    author = '"Q" it\'s Zo\u00eb \U0001f680'
    project = render("named", author_name=author)
    assert hook._answers(project)["author_name"] == author


def test_one_way_to_find_uv_and_the_venv_bin_folder() -> None:
    """Only the setup hook knows how (it must run alone under copier); newproj asks it."""
    from newproj._tools import find_uv, venv_bin

    sources = {
        path.relative_to(ROOT): path.read_text(encoding="utf-8")
        for path in [*PACKAGE.glob("*.py"), ROOT / "hooks" / "setup.py"]
    }
    for needle in ("find_uv_bin", 'which("uv")', '"Scripts"', '"bin"'):
        holders = sorted(str(name) for name, text in sources.items() if needle in text)
        assert holders == ["hooks/setup.py"], needle
    assert find_uv()
    assert venv_bin(Path("p")) == Path("p/.venv/bin")
