"""Fetch uv from the package index with nothing but Python's standard library.

For machines where uv is missing and pip cannot install it: a system Python under PEP 668
(Debian 12, Ubuntu 24.04: "externally-managed-environment"), or one without pip and venv (Debian
without python3-pip and python3-venv). It reads the index's JSON simple API (PEP 691), takes the
newest uv wheel for this platform, checks its SHA-256 against the index, and unpacks the `uv`
binary into DIR. Nothing is installed into any Python.

The index is UV_DEFAULT_INDEX, UV_INDEX_URL or PIP_INDEX_URL when set, else PyPI.
Usage: python3 scripts/get_uv.py DIR   (prints the path of the uv binary)
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import stat
import sys
import tempfile
import urllib.request
import zipfile
from pathlib import Path
from urllib.parse import urljoin

WHEEL = re.compile(r"^uv-(?P<version>\d+(?:\.\d+)*)-py3-none-(?P<platform>.+)\.whl$")


def platform_tags() -> list[str]:
    """Wheel platform tags for this machine, best first."""
    machine = platform.machine().lower()
    arch = {"amd64": "x86_64", "arm64": "aarch64"}.get(machine, machine)
    if sys.platform == "darwin":
        return ["macosx_11_0_arm64"] if machine == "arm64" else ["macosx_10_12_x86_64"]
    if sys.platform.startswith("linux"):
        libc, _ = platform.libc_ver()
        if libc == "glibc":
            return [f"manylinux_2_17_{arch}", f"manylinux_2_28_{arch}", f"manylinux2014_{arch}"]
        return [f"musllinux_1_1_{arch}"]
    raise SystemExit(f"get_uv: no uv wheel for {sys.platform}; see https://docs.astral.sh/uv/")


def pick(files: list[dict[str, object]]) -> dict[str, object]:
    wanted = platform_tags()
    best: tuple[tuple[int, ...], int, dict[str, object]] | None = None
    for entry in files:
        match = WHEEL.match(str(entry["filename"]))
        if not match or entry.get("yanked"):
            continue
        tags = match["platform"].split(".")
        rank = min((wanted.index(tag) for tag in tags if tag in wanted), default=None)
        if rank is None:
            continue
        version = tuple(int(part) for part in match["version"].split("."))
        if best is None or (version, -rank) > (best[0], -best[1]):
            best = (version, rank, entry)
    if best is None:
        raise SystemExit(f"get_uv: the index has no uv wheel for {', '.join(wanted)}")
    return best[2]


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        raise SystemExit(__doc__.strip().splitlines()[-1])
    target = Path(argv[0])
    index = (
        os.environ.get("UV_DEFAULT_INDEX")
        or os.environ.get("UV_INDEX_URL")
        or os.environ.get("PIP_INDEX_URL")
        or "https://pypi.org/simple"
    ).rstrip("/")
    if not index.startswith(("https://", "http://")):
        raise SystemExit(f"get_uv: the index must be an http(s) URL, not {index}")
    page = f"{index}/uv/"
    accept = {"Accept": "application/vnd.pypi.simple.v1+json"}
    request = urllib.request.Request(page, headers=accept)  # noqa: S310 - checked above
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        files = json.load(response)["files"]
    entry = pick(files)
    digest = dict(entry.get("hashes") or {}).get("sha256")  # type: ignore[call-overload]
    if not digest:
        raise SystemExit(f"get_uv: the index gives no sha256 for {entry['filename']}")
    print(f"get_uv: downloading {entry['filename']} from {index}", file=sys.stderr)
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target) as scratch:
        wheel = Path(scratch) / str(entry["filename"])
        url = urljoin(page, str(entry["url"]))
        with urllib.request.urlopen(url, timeout=300) as response, wheel.open("wb") as out:  # noqa: S310
            sha = hashlib.sha256()
            while chunk := response.read(1 << 20):
                sha.update(chunk)
                out.write(chunk)
        if sha.hexdigest() != digest:
            raise SystemExit(f"get_uv: {entry['filename']} does not match the index's sha256")
        with zipfile.ZipFile(wheel) as archive:
            member = next(n for n in archive.namelist() if re.search(r"\.data/scripts/uv$", n))
            binary = Path(scratch) / "uv"
            binary.write_bytes(archive.read(member))
        binary.chmod(binary.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        os.replace(binary, target / "uv")  # atomic: a concurrent run sees all or nothing
    print(target / "uv")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
