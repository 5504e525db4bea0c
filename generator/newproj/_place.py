"""Putting a rendered project in its destination, all or nothing.

Words used here:
- *destination* (DEST): the folder the user named; it may not exist yet, or (with --force) hold
  an earlier project or other files;
- *manifest*: `.newproj/files.json` in a project, the SHA-256 of every file as the template wrote
  it (git ignores `.newproj/`). A file whose content still has that digest was not changed by the
  user, so `--force` may replace it; any other existing file is the user's and is kept;
- *clash*: a path that is a file on one side and a folder on the other (or a symlink in DEST).

Everything is decided before the first file moves: clashes are refused with DEST untouched, and a
failure while moving puts back what had moved. One `create` at a time may write into a DEST: a
lock file beside it (removed afterwards) makes a second one fail with a clear line.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from newproj._errors import DestinationError

MANIFEST = Path(".newproj") / "files.json"
# Files the template writes once and never again: the user's secrets live there.
NEVER_REPLACED = frozenset({".env"})


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def list_files(root: Path) -> list[str]:
    return sorted(
        str(p.relative_to(root))
        for p in root.rglob("*")
        if (p.is_file() or p.is_symlink()) and not p.relative_to(root).is_relative_to(".newproj")
    )


def write_manifest(root: Path, files: list[str], previous: dict[str, str] | None = None) -> None:
    """Record the digests of `files` (as they are in `root` now) over `previous` ones."""
    digests = dict(previous or {})
    digests.update({name: _digest(root / name) for name in files if (root / name).is_file()})
    path = root / MANIFEST
    path.parent.mkdir(parents=True, exist_ok=True)
    (path.parent / ".gitignore").write_text("# newproj setup logs and file digests\n*\n")
    path.write_text(json.dumps(digests, indent=1, sort_keys=True), encoding="utf-8")


def read_manifest(root: Path) -> dict[str, str]:
    try:
        data = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


@dataclass
class Plan:
    """What placing a rendered tree into an existing DEST will do, file by file."""

    new: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    same: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def plan(rendered: Path, dest: Path) -> Plan:
    """Decide every file's fate; raise DestinationError (nothing moved) on clashes."""
    recorded = read_manifest(dest)
    result = Plan()
    clashes = []
    for name in list_files(rendered):
        target = dest / name
        parts = Path(name).parents
        blocked = next(
            (
                str(parent)
                for parent in reversed(parts)
                if str(parent) != "."
                and ((dest / parent).is_symlink() or (dest / parent).exists())
                and not ((dest / parent).is_dir() and not (dest / parent).is_symlink())
            ),
            None,
        )
        if blocked:
            clashes.append(f"{blocked} (a file; the template has a folder there)")
        elif target.is_dir() and not target.is_symlink():
            clashes.append(f"{name} (a folder; the template has a file there)")
        elif not target.exists() and not target.is_symlink():
            result.new.append(name)
        elif target.is_symlink() or name in NEVER_REPLACED:
            result.kept.append(name)
        elif _digest(target) == _digest(rendered / name):
            result.same.append(name)
        elif recorded.get(name) == _digest(target):
            result.replaced.append(name)
        else:
            result.kept.append(name)
    if clashes:
        shown = ", ".join(sorted(set(clashes))[:5])
        raise DestinationError(
            f"Cannot write into {dest}: {shown}; nothing was changed. Move those away, or choose "
            "another folder"
        )
    return result


def merge(rendered: Path, dest: Path, work: Path) -> Plan:
    """Move `rendered`'s files into the existing `dest` as `plan` decides, all or nothing.

    `work` is a scratch folder on the same file system, for the files being replaced.
    """
    decided = plan(rendered, dest)
    backup = work / "replaced"
    made: list[Path] = []  # new files and folders, to remove on failure
    moved: list[str] = []  # replaced files, whose old content sits in `backup`
    try:
        for name in decided.new:
            target = dest / name
            missing = [p for p in reversed(target.parents) if not p.exists()]
            for folder in missing:
                folder.mkdir()
                made.append(folder)
            os.replace(rendered / name, target)
            made.append(target)
        for name in decided.replaced:
            (backup / name).parent.mkdir(parents=True, exist_ok=True)
            os.replace(dest / name, backup / name)
            moved.append(name)
            os.replace(rendered / name, dest / name)
        write_manifest(dest, [*decided.new, *decided.replaced, *decided.same], read_manifest(dest))
    except BaseException:
        for name in reversed(moved):
            os.replace(backup / name, dest / name)
        for path in reversed(made):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        raise
    return decided


def place(rendered: Path, dest: Path, work: Path, *, force: bool) -> Plan:
    """Put `rendered` at `dest`: one rename when DEST is new or empty, else (with `force`) a
    merge. Without `force`, a DEST that another process filled meanwhile is refused."""
    files = list_files(rendered)
    write_manifest(rendered, files)
    try:
        # Atomic, and fails (ENOTEMPTY/EEXIST) when DEST gained files since it was checked.
        os.rename(rendered, dest)
        return Plan(new=files)
    except OSError as exc:
        if exc.errno not in {errno.ENOTEMPTY, errno.EEXIST}:
            raise
    if not force:
        raise DestinationError(
            f"{dest} is not empty (it was filled while newproj was rendering); nothing was "
            "changed there"
        )
    return merge(rendered, dest, work)


def _inode(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except OSError:
        return None


@contextmanager
def destination_lock(dest: Path) -> Iterator[None]:
    """Hold an exclusive lock on DEST for one newproj process, or fail with one line.

    The lock file sits in the nearest existing parent (DEST's folders may not exist yet) and is
    named after DEST; the kernel releases the lock if the process dies.
    """
    import fcntl

    anchor = dest.parent
    while not anchor.is_dir():
        anchor = anchor.parent
    key = hashlib.sha256(str(dest).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    lock_path = anchor / f".newproj-{key}.lock"
    try:
        handle = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise DestinationError(f"Cannot write to {anchor}: {exc.strerror}") from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DestinationError(
                f"Another newproj is writing into {dest}; wait for it to finish"
            ) from None
        if os.fstat(handle).st_ino != _inode(lock_path):
            # The holder finished and removed the file between our open and our lock.
            raise DestinationError(f"Another newproj was writing into {dest}; run again")
        try:
            yield
        finally:
            lock_path.unlink(missing_ok=True)
    finally:
        os.close(handle)
