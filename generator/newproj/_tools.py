"""External programs newproj drives, found the one way the setup hook finds them.

The hook (hooks/setup.py) must run on its own under copier, so it holds the implementation;
newproj asks the bundled template's hook instead of restating it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from types import ModuleType


@cache
def _hook() -> ModuleType:
    from newproj._setup import load_hook
    from newproj._source import bundled_template_dir

    return load_hook(bundled_template_dir())


def find_uv() -> str | None:
    """The uv binary of the `uv` package newproj depends on, else one on PATH."""
    found = _hook().find_uv()
    return str(found) if found else None


def venv_bin(project: Path) -> Path:
    """The folder of `project`'s virtualenv with its python and console scripts."""
    return Path(_hook().venv_bin(project))
