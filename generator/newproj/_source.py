"""Where the template comes from, and what a generated project records about it.

The wheel carries the template in `newproj/_template/`; a checkout has it at the repository root.
A project must not record a path inside site-packages (it vanishes on upgrade), so the bundled
template is rendered from a git repository in the user's cache instead: every newproj version
that runs adds its template as a commit tagged `v<version>`, and the answers file records that
repository and tag, which `copier update` can reach later.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from newproj._errors import TemplateError

# Earlier releases' templates, shipped so projects they made can be updated offline
# (built by scripts/build_history.py at release time).
HISTORY_BUNDLE = Path(__file__).resolve().parent / "_history" / "template.bundle"
TEMPLATE_PARTS = ("copier.yml", "template-django", "template-fastapi", "template-shared", "hooks")
_SKIPPED_DIRS = {"__pycache__", ".venv", ".mypy_cache", ".pytest_cache", ".ruff_cache"}
_IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".venv", ".*_cache", "*.egg-info")


@dataclass(frozen=True)
class TemplateSource:
    """What copier renders from (`url` at `ref`) and a local folder holding copier.yml.

    `export`, when set, is a plain folder with exactly the content of `url` at `ref`; rendering
    from it skips copier's clone, and the answers file then records `url` and `commit` (what
    copier itself would have recorded).
    """

    url: str
    ref: str | None
    local: Path
    export: Path | None = None
    commit: str | None = None


def bundled_template_dir() -> Path:
    """The template shipped with this installation of newproj."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_template", here.parents[1]):
        if (candidate / "copier.yml").is_file() and (candidate / "template-django").is_dir():
            return candidate
    raise TemplateError("The bundled template is missing: reinstall newproj")


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newproj"


def _files(root: Path) -> Iterator[Path]:
    for part in TEMPLATE_PARTS:
        path = root / part
        if path.is_file():
            yield path
        elif path.is_dir():
            for child in sorted(path.rglob("*")):
                skipped = _IGNORED(str(child.parent), [child.name])
                if child.is_file() and not skipped and not _SKIPPED_DIRS & set(child.parts):
                    yield child


def content_hash(root: Path) -> str:
    digest = hashlib.sha256()
    for path in _files(root):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def _git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "newproj",
        "GIT_AUTHOR_EMAIL": "newproj@localhost",
        "GIT_COMMITTER_NAME": "newproj",
        "GIT_COMMITTER_EMAIL": "newproj@localhost",
    }
    proc = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=False
    )
    if proc.returncode:
        raise TemplateError(f"git {args[0]} failed in {repo}: {proc.stderr.strip()}")
    return proc.stdout.strip()


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _copy_template(src: Path, dst: Path) -> None:
    for part in TEMPLATE_PARTS:
        path = src / part
        if path.is_dir():
            shutil.copytree(path, dst / part, ignore=_IGNORED, dirs_exist_ok=True)
        elif path.is_file():
            shutil.copy2(path, dst / part)


def _git_ok(repo: Path, *args: str) -> bool:
    proc = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False)
    return proc.returncode == 0


def recorded_url(repo: Path) -> str:
    """How a project records the cache repository: `~/...` when under HOME, so the same answers
    file resolves on another machine or for another user (copier expands `~`)."""
    try:
        return "~/" + str(repo.resolve().relative_to(Path.home().resolve()))
    except ValueError:
        return str(repo)


def import_history(repo: Path, bundle: Path | None = None) -> list[str]:
    """Add the template versions shipped in the package's history bundle (older releases) to the
    cache repository, keeping tags it already has. Returns the tags added."""
    bundle = bundle or HISTORY_BUNDLE
    if not bundle.is_file():
        return []
    _git(repo, "fetch", "--quiet", "--no-tags", str(bundle), "+refs/tags/*:refs/bundle-tags/*")
    added = []
    listing = _git(
        repo, "for-each-ref", "--format=%(refname:strip=2) %(objectname)", "refs/bundle-tags"
    )
    for line in listing.splitlines():
        name, sha = line.split()
        if not _git_ok(repo, "rev-parse", "--quiet", "--verify", f"refs/tags/{name}"):
            _git(repo, "tag", name, sha)
            added.append(name)
    return added


def _stage_template(repo: Path, bundled: Path) -> str:
    """Make the work tree hold exactly the bundled template; returns its git tree id."""
    for part in TEMPLATE_PARTS:
        old = repo / part
        if old.is_dir():
            shutil.rmtree(old)
        elif old.exists():
            old.unlink()
    _copy_template(bundled, repo)
    _git(repo, "add", "--all")
    return _git(repo, "write-tree")


def cached_template_repo(version: str) -> TemplateSource:
    """The bundled template as a tagged commit of the cache repository (added if new).

    The repository also holds every earlier release shipped in the history bundle, so projects
    made by older newproj versions can be updated with no network.
    """
    bundled = bundled_template_dir()
    repo = cache_dir() / "template"
    stamp = cache_dir() / "template.stamp"
    digest = content_hash(bundled)
    if HISTORY_BUNDLE.is_file():
        digest += "+" + hashlib.sha256(HISTORY_BUNDLE.read_bytes()).hexdigest()[:16]
    with _locked(cache_dir() / "template.lock"):
        export = cache_dir() / "export" / digest[:16]
        if stamp.is_file() and (repo / ".git").is_dir() and export.is_dir():
            recorded_digest, ref, commit = ([*stamp.read_text().split(), "", ""])[:3]
            if recorded_digest == digest and ref and commit:
                return TemplateSource(recorded_url(repo), ref, repo, export, commit)
        if shutil.which("git") is None:
            raise TemplateError("git is not installed: newproj needs it to record the template")
        if not (repo / ".git").is_dir():
            repo.mkdir(parents=True, exist_ok=True)
            _git(repo, "init", "--quiet", "--initial-branch=main")
        import_history(repo)
        tree = _stage_template(repo, bundled)
        tag = f"v{version}"
        tag_exists = _git_ok(repo, "rev-parse", "--quiet", "--verify", f"refs/tags/{tag}")
        if tag_exists and _git(repo, "rev-parse", f"{tag}^{{tree}}") == tree:
            ref = tag
        else:
            parent = (
                ["-p", "HEAD"] if _git_ok(repo, "rev-parse", "--quiet", "--verify", "HEAD") else []
            )
            commit = _git(repo, "commit-tree", tree, *parent, "-m", f"newproj {version} template")
            _git(repo, "update-ref", "HEAD", commit)
            if tag_exists:
                # A development build whose template changed without a version bump.
                ref = commit
            else:
                _git(repo, "tag", tag, commit)
                ref = tag
        commit = _git(repo, "describe", "--tags", "--always", ref)
        if export.parent.is_dir():
            shutil.rmtree(export.parent)  # exports of other versions
        export.mkdir(parents=True)
        _copy_template(bundled, export)
        stamp.write_text(f"{digest} {ref} {commit}\n")
        return TemplateSource(recorded_url(repo), ref, repo, export, commit)


def resolve_source(template: str | None, vcs_ref: str | None, version: str) -> TemplateSource:
    """The source to render: the bundled template by default, else a path or git URL."""
    if template is None:
        source = cached_template_repo(version)
        if vcs_ref:
            return TemplateSource(url=source.url, ref=vcs_ref, local=source.local)
        return source
    path = Path(template).expanduser()
    if path.exists():
        if not (path / "copier.yml").is_file():
            raise TemplateError(f"{template} has no copier.yml: is it a newproj template?")
        return TemplateSource(url=str(path.resolve()), ref=vcs_ref, local=path.resolve())
    return _clone_for_questions(template, vcs_ref)


def _clone_for_questions(url: str, vcs_ref: str | None) -> TemplateSource:
    """A remote template: clone it once to read its questions (copier clones it again)."""
    dst = cache_dir() / "remote" / hashlib.sha256(f"{url}@{vcs_ref}".encode()).hexdigest()[:16]
    if dst.exists():
        shutil.rmtree(dst)
    dst.parent.mkdir(parents=True, exist_ok=True)
    git_url = url.removeprefix("git+")
    for short, host in (("gh:", "https://github.com/"), ("gl:", "https://gitlab.com/")):
        if git_url.startswith(short):
            git_url = host + git_url.removeprefix(short)
    proc = subprocess.run(
        ["git", "clone", "--quiet", git_url, str(dst)], capture_output=True, text=True, check=False
    )
    if proc.returncode:
        raise TemplateError(f"Cannot clone template {url}: {proc.stderr.strip().splitlines()[-1]}")
    if vcs_ref:
        _git(dst, "checkout", "--quiet", vcs_ref)
    return TemplateSource(url=url, ref=vcs_ref, local=dst)
