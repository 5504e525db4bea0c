"""Rendering with copier. This is the only module that imports copier.

Copier renders into a fresh folder beside the destination, which then moves into place, so an
error or Ctrl-C never leaves a half-written project behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from newproj._errors import DestinationError, TemplateError
from newproj._source import TemplateSource


def _last_line(exc: BaseException) -> str:
    """copier's messages can span lines; the last one says what went wrong."""
    text = str(exc).strip()
    return text.splitlines()[-1] if text else type(exc).__name__


def check_destination(dest: Path, *, force: bool) -> None:
    """Refuse destinations we must not write into (before any question is asked)."""
    if dest.exists() and not dest.is_dir():
        raise DestinationError(f"{dest} exists and is not a directory")
    if dest.is_dir() and any(dest.iterdir()) and not force:
        raise DestinationError(
            f"{dest} is not empty; choose another folder, or pass --force to write into it "
            "(files the template also has are overwritten; nothing is deleted)"
        )
    parent = dest.parent if not dest.exists() else dest
    while not parent.exists():
        parent = parent.parent
    if not os.access(parent, os.W_OK):
        raise DestinationError(f"Cannot write to {parent}")


def list_files(root: Path) -> list[str]:
    return sorted(
        str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() or p.is_symlink()
    )


def _record_source(answers_file: Path, source: TemplateSource) -> None:
    """Make the answers file name the template repository and commit, as copier does when it
    renders from git (copier wrote the export folder's path instead)."""
    import yaml

    lines = answers_file.read_text(encoding="utf-8").splitlines(keepends=True)
    recorded = yaml.safe_dump({"_commit": source.commit, "_src_path": source.url}, sort_keys=True)
    for number, line in enumerate(lines):
        if line.startswith("_src_path:"):
            lines[number] = recorded
            answers_file.write_text("".join(lines), encoding="utf-8")
            return
    raise TemplateError(f"{answers_file} does not record _src_path")


def _copier_render(source: TemplateSource, answers: Mapping[str, Any], dst: Path) -> None:
    import copier

    try:
        copier.run_copy(
            str(source.export) if source.export else source.url,
            dst,
            data=dict(answers),
            vcs_ref=None if source.export else source.ref,
            defaults=True,
            unsafe=True,
            quiet=True,
            skip_tasks=True,
            cleanup_on_error=True,
        )
    except (copier.errors.CopierError, ValueError, OSError) as exc:
        raise TemplateError(f"Rendering failed: {_last_line(exc)}") from exc
    if source.export:
        _record_source(dst / ".copier-answers.yml", source)


def render_at(*, url: str, ref: str | None, answers: Mapping[str, Any], dst: Path) -> None:
    """Render the template at `url` and `ref` into `dst` as copier would, without its tasks (to
    compare two versions of a project)."""
    _copier_render(TemplateSource(url=url, ref=ref, local=Path(url)), answers, dst)


def preview(source: TemplateSource, answers: Mapping[str, Any], dest: Path) -> list[str]:
    """The files a render would write, rendered in a temporary folder that is then removed."""
    with tempfile.TemporaryDirectory(prefix="newproj-plan-") as scratch:
        rendered = Path(scratch) / dest.name
        _copier_render(source, answers, rendered)
        return list_files(rendered)


def _merge(src: Path, dst: Path) -> None:
    """Move `src`'s files into `dst`, replacing files of the same name, deleting nothing else."""
    for entry in src.iterdir():
        target = dst / entry.name
        if entry.is_dir() and not entry.is_symlink() and target.is_dir():
            _merge(entry, target)
        else:
            if target.is_dir() and not target.is_symlink():
                raise DestinationError(f"{target} is a directory; the template writes a file there")
            os.replace(entry, target)


def render_project(
    *, source: TemplateSource, answers: Mapping[str, Any], dest: Path, force: bool
) -> list[str]:
    """Render into `dest` and return the files written (relative paths)."""
    check_destination(dest, force=force)
    created = []
    for folder in reversed(dest.parents):
        if not folder.exists():
            folder.mkdir()
            created.append(folder)
    scratch = Path(tempfile.mkdtemp(prefix=".newproj-", dir=dest.parent))
    try:
        rendered = scratch / dest.name
        _copier_render(source, answers, rendered)
        files = list_files(rendered)
        if dest.exists():
            _merge(rendered, dest)
        else:
            os.replace(rendered, dest)
        return files
    except BaseException:
        for folder in reversed(created):
            shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def update_project(
    *,
    dest: Path,
    vcs_ref: str | None,
    data: Mapping[str, Any],
    conflict: str,
) -> None:
    """copier's 3-way update of `dest` (a clean git work tree) to the template at `vcs_ref`."""
    import copier

    try:
        copier.run_update(
            dest,
            data=dict(data),
            vcs_ref=vcs_ref,
            defaults=True,
            overwrite=True,
            skip_answered=True,
            unsafe=True,
            quiet=True,
            conflict=conflict,  # type: ignore[arg-type]
        )
    except (copier.errors.CopierError, ValueError, OSError) as exc:
        raise TemplateError(f"Update failed: {_last_line(exc)}") from exc
