"""Rendering with copier. This is the only module that imports copier.

Copier renders into a fresh folder beside the destination, which then moves into place (see
_place), so an error or Ctrl-C never leaves a half-written project behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from newproj._errors import DestinationError, TemplateError
from newproj._place import Plan, list_files, place
from newproj._source import TemplateSource


def _last_line(exc: BaseException) -> str:
    """copier's messages can span lines; the last one says what went wrong."""
    text = str(exc).strip()
    return text.splitlines()[-1] if text else type(exc).__name__


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return path.lstat()
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        raise DestinationError(f"Cannot create {path}: a parent of it is a file") from None
    except OSError as exc:
        raise DestinationError(f"Cannot use {path}: {exc.strerror}") from None


def check_destination(dest: Path, *, force: bool) -> None:
    """Refuse destinations we must not write into (before any question is asked)."""
    import stat

    name_max = os.pathconf(dest.anchor or "/", "PC_NAME_MAX")
    for part in dest.parts:
        if len(os.fsencode(part)) > name_max:
            raise DestinationError(
                f"Cannot create {dest}: the name {part[:20]!r}... is longer than this file "
                f"system allows ({name_max} bytes)"
            )
    found = _lstat(dest)
    if found is not None and stat.S_ISLNK(found.st_mode):
        target = os.readlink(dest)
        if not dest.exists():
            raise DestinationError(f"{dest} is a symbolic link to {target}, which does not exist")
        dest = dest.resolve()
        found = _lstat(dest)
    if found is not None and not stat.S_ISDIR(found.st_mode):
        raise DestinationError(f"{dest} exists and is not a directory")
    if found is not None and any(dest.iterdir()) and not force:
        unfinished = (dest / ".copier-answers.yml").is_file()
        hint = f"; if its setup did not finish, run `newproj setup {dest}`" if unfinished else ""
        raise DestinationError(
            f"{dest} is not empty; choose another folder, or pass --force to write into it "
            f"(your files and .env are kept; nothing is deleted){hint}"
        )
    parent = dest
    while _lstat(parent) is None:
        parent = parent.parent
    if not parent.is_dir():
        raise DestinationError(f"Cannot create {dest}: {parent} is a file")
    if not os.access(parent, os.W_OK):
        raise DestinationError(f"Cannot write to {parent}")


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


def render_project(
    *, source: TemplateSource, answers: Mapping[str, Any], dest: Path, force: bool
) -> Plan:
    """Render into `dest` (all or nothing) and say what happened to each file."""
    check_destination(dest, force=force)
    if dest.is_symlink():
        dest = dest.resolve()
    created = []
    for folder in reversed(dest.parents):
        if not folder.exists():
            folder.mkdir()
            created.append(folder)
    scratch = Path(tempfile.mkdtemp(prefix=".newproj-", dir=dest.parent))
    try:
        rendered = scratch / dest.name
        _copier_render(source, answers, rendered)
        return place(rendered, dest, scratch, force=force)
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
