"""External programs newproj drives."""

from __future__ import annotations

import shutil


def find_uv() -> str | None:
    """The uv binary of the `uv` package newproj depends on, else one on PATH."""
    try:
        from uv import find_uv_bin

        return find_uv_bin()
    except (ImportError, FileNotFoundError):
        return shutil.which("uv")
