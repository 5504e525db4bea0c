"""Build the template history bundle shipped in the package.

For every release tag `v*` of a newproj repository (this one by default), take the template as it
was at that tag (copier.yml, template-*/, hooks/) and make it one commit of a fresh repository,
tagged the same; then write that repository as a git bundle. newproj imports the bundle into its
cache so that projects made by any of those releases can be updated with no network.

Usage: python scripts/build_history.py [--repo PATH] [--out FILE]
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "generator" / "newproj" / "_history" / "template.bundle"
PARTS = ("copier.yml", "template-django", "template-fastapi", "template-shared", "hooks")
IDENTITY = ["-c", "user.name=newproj release", "-c", "user.email=release@newproj.invalid"]


def git(repo: Path, *args: str, data: bytes | None = None) -> bytes:
    return subprocess.run(
        ["git", *IDENTITY, "-C", str(repo), *args], input=data, capture_output=True, check=True
    ).stdout


def release_tags(repo: Path) -> list[str]:
    tags = []
    for tag in git(repo, "tag", "--list", "v*").decode().split():
        try:
            tags.append((Version(tag), tag))
        except InvalidVersion:
            continue
    return [tag for _, tag in sorted(tags)]


def build(repo: Path, out: Path) -> list[str]:
    tags = release_tags(repo)
    if not tags:
        out.unlink(missing_ok=True)
        return []
    with tempfile.TemporaryDirectory(prefix="newproj-history-") as scratch:
        history = Path(scratch) / "history"
        history.mkdir()
        git(history, "init", "--quiet", "--initial-branch=main")
        parent: list[str] = []
        for tag in tags:
            export = Path(scratch) / tag
            archive = git(repo, "archive", "--format=tar", tag)
            with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
                tar.extractall(export, filter="data")
            for part in PARTS:
                target = history / part
                if target.is_dir():
                    shutil.rmtree(target)
                elif target.exists():
                    target.unlink()
                source = export / part
                if source.is_dir():
                    shutil.copytree(source, target)
                elif source.is_file():
                    shutil.copy2(source, target)
            git(history, "add", "--all")
            tree = git(history, "write-tree").decode().strip()
            commit = git(history, "commit-tree", tree, *parent, "-m", f"newproj {tag} template")
            sha = commit.decode().strip()
            git(history, "update-ref", "HEAD", sha)
            git(history, "tag", tag, sha)
            parent = ["-p", sha]
        out.parent.mkdir(parents=True, exist_ok=True)
        git(history, "bundle", "create", "--quiet", str(out.resolve()), "--all")
    return tags


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=ROOT)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    tags = build(args.repo, args.out)
    print(f"{args.out}: {len(tags)} release(s): {', '.join(tags) or 'none'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
