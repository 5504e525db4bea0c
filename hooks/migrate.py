"""Template migrations: carry a project across a template version that moves files.

copier runs this from `_migrations` in copier.yml (list form, gated on the version that made the
move, in the `before` stage), in the project being updated. Standard library only.

  migrate.py rename OLD NEW   move OLD to NEW (with `git mv` when tracked), so the user's edits
                              follow the file and the 3-way merge meets them at its new place.
A step whose source is missing or whose target exists does nothing: migrations must be safe to
run on any project.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def rename(project: Path, old: str, new: str) -> str:
    source, target = project / old, project / new
    if not source.exists():
        return f"skip rename: {old} does not exist"
    if target.exists():
        return f"skip rename: {new} already exists"
    target.parent.mkdir(parents=True, exist_ok=True)
    tracked = subprocess.run(
        ["git", "ls-files", "--error-unmatch", old], cwd=project, capture_output=True, check=False
    )
    if tracked.returncode == 0:
        subprocess.run(["git", "mv", old, new], cwd=project, check=True)
    else:
        source.rename(target)
    return f"renamed {old} -> {new}"


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[0] != "rename":
        print("usage: migrate.py rename OLD NEW", file=sys.stderr)
        return 2
    print(f"newproj migration: {rename(Path.cwd(), argv[1], argv[2])}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
