"""The FastAPI template's example resource, read one and list, before and after a change.

Renders template-fastapi twice, from a git ref (`--before`, default: 8e4acab, the last release whose
`GET /items/{id}` still went through the benchmark's driver pool) and from this working tree,
sets both up on the same database engine (uv sync, migrate), signs a user up, creates items,
then serves each with its production server (`serve`, ENVIRONMENT=production, one worker) and
drives, with an access token, `GET /items/{id}` (read one) and `GET /items?limit=20` (list, 20
rows and a count) with wrk: before and after alternate within each round. Prints requests/s,
mean, p50 and p99 latency per run, the medians over rounds, and after/before ratios.

Goals (issue 16): after loses no more than 15% against before; the list path's p99 is within
2x its p50.

Usage: python benchmarks/items_paths.py [--databases sqlite,postgresql] [--before REF]
       [--rounds 3] [--duration 5] [--warmup 1] [--connections 64] [--items 200]
Load goes to 127.0.0.1 only; every server start, wrk run and setup step is bounded in time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import urllib.parse
import urllib.request
from pathlib import Path

from _harness import (
    ROOT,
    Server,
    copy_template,
    database_url,
    drop_database,
    free_port,
    pin,
    sh,
    uv,
)

TEMPLATE_PARTS = ("copier.yml", "template-fastapi", "template-shared", "hooks")
BEFORE = "8e4acab"
PATHS = {"read_one": "/items/{id}", "list": "/items?limit=20"}
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def template_from_ref(ref: str, scratch: Path) -> Path:
    """The template parts as they were at `ref` (git archive), in `scratch`."""
    archive = scratch / "before.tar"
    parts = [p for p in TEMPLATE_PARTS if _exists_at(ref, p)]
    with archive.open("wb") as out:
        subprocess.run(
            ["git", "archive", "--format=tar", ref, *parts],
            cwd=ROOT, stdout=out, check=True, timeout=120,
        )  # fmt: skip
    target = scratch / "template-before"
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    return target


def _exists_at(ref: str, path: str) -> bool:
    probe = subprocess.run(
        ["git", "cat-file", "-e", f"{ref}:{path}"], cwd=ROOT, capture_output=True, check=False
    )
    return probe.returncode == 0


def template_from_tree(scratch: Path) -> Path:
    return copy_template(scratch / "template-after", TEMPLATE_PARTS)


class Project:
    """One rendered, installed and migrated project, and its production server."""

    def __init__(self, label: str, template: Path, scratch: Path, database: str) -> None:
        import copier

        self.label = label
        self.path = scratch / f"items_{label}"
        data: dict[str, str | bool] = {"project_name": f"Items {label}"}
        data |= {"project_slug": f"items_{label}", "framework": "fastapi", "database": database}
        data["run_setup"] = False
        copier.run_copy(str(template), self.path, data=data, defaults=True, unsafe=True, quiet=True)
        self.url, self.dbname = database_url(database, self.path)
        self.env = {
            **os.environ,
            "DATABASE_URL": self.url,
            "ENVIRONMENT": "production",
            "ALLOWED_HOSTS": "127.0.0.1",
            "WEB_WORKERS": "1",
        }
        self.env.pop("VIRTUAL_ENV", None)
        sh([uv(), "sync", "--python", sys.executable], cwd=self.path, env=self.env)
        if self.dbname:
            sh(["psql", "postgresql://postgres@127.0.0.1:5432/postgres", "-qc",
                f'CREATE DATABASE "{self.dbname}"'], cwd=self.path, env=self.env)  # fmt: skip
        tool = tomllib.loads((self.path / "pyproject.toml").read_text())["tool"]["newproj"]
        sh([uv(), "run", "--no-sync", *tool["migrate"]], cwd=self.path, env=self.env)
        self.port = free_port()
        self.server: Server | None = None

    def start(self) -> None:
        cmd = [uv(), "run", "--no-sync", "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        self.server = Server(cmd, cwd=self.path, env=self.env, port=self.port)
        self.server.wait("/health")

    def stop(self) -> None:
        if self.server:
            self.server.stop()
            self.server = None

    def call(self, method: str, path: str, body: bytes, headers: dict[str, str]) -> object:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", data=body, method=method, headers=headers
        )
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(request, timeout=30) as response:
            return json.loads(response.read() or b"null")

    def fill(self, items: int) -> tuple[str, int]:
        """Sign a user up, sign in, create `items` items: the token and one item's id."""
        email, password = f"bench-{secrets.token_hex(4)}@example.com", secrets.token_urlsafe(18)
        as_json = {"Content-Type": "application/json"}
        signup = json.dumps({"email": email, "password": password}).encode()
        self.call("POST", "/users/signup", signup, as_json)
        form = urllib.parse.urlencode({"username": email, "password": password}).encode()
        tokens = self.call(
            "POST", "/auth/token", form, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        assert isinstance(tokens, dict)
        token = str(tokens["access_token"])
        auth = {**as_json, "Authorization": f"Bearer {token}"}
        item_id = 0
        for n in range(items):
            body = json.dumps({"title": f"Item {n}", "description": "x" * 40}).encode()
            created = self.call("POST", "/items", body, auth)
            assert isinstance(created, dict)
            item_id = int(created["id"])
        return token, item_id


def wrk(url: str, token: str, seconds: int, connections: int) -> dict[str, float]:
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency",
           "-H", f"Authorization: Bearer {token}", url]  # fmt: skip
    out = subprocess.run(
        pin(cmd, 1), capture_output=True, text=True, timeout=seconds + 30, check=True
    ).stdout

    def ms(pattern: str) -> float:
        found = re.search(pattern + r"\s+([\d.]+)(us|ms|s)\b", out)
        if found is None:
            raise SystemExit(f"{pattern!r} not in wrk's output:\n{out}")
        return float(found.group(1)) * UNITS[found.group(2)]

    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(rate.group(1)) if rate else 0.0,
        "mean": ms(r"Latency"),
        "p50": ms(r"50%"),
        "p99": ms(r"99%"),
        "errors": errors + (int(non_2xx.group(1)) if non_2xx else 0),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--before", default=BEFORE, help="git ref of the template to compare")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--items", type=int, default=200)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk (Debian/Ubuntu) or brew install wrk")
    with tempfile.TemporaryDirectory(prefix="items-paths-") as tmp:
        scratch = Path(tmp)
        templates = {
            "before": template_from_ref(args.before, scratch),
            "after": template_from_tree(scratch),
        }
        for database in args.databases.split(","):
            run_database(database, templates, scratch / database, args)


def run_database(
    database: str, templates: dict[str, Path], scratch: Path, args: argparse.Namespace
) -> None:
    scratch.mkdir()
    projects = [Project(label, t, scratch, database) for label, t in templates.items()]
    results: dict[tuple[str, str], list[dict[str, float]]] = {}
    try:
        fills = {}
        for project in projects:
            project.start()
            fills[project.label] = project.fill(args.items)
            project.stop()
        print(f"\n{database}, {args.connections} connections, {args.duration} s per run")
        print(f"{'round':>5} {'version':>7} {'path':>9} {'req/s':>9} {'mean ms':>8} "
              f"{'p50 ms':>7} {'p99 ms':>7} {'errors':>6}")  # fmt: skip
        for round_ in range(args.rounds):
            order = projects if round_ % 2 == 0 else projects[::-1]
            for project in order:
                token, item_id = fills[project.label]
                project.start()
                try:
                    for name, path in PATHS.items():
                        url = f"http://127.0.0.1:{project.port}{path.format(id=item_id)}"
                        wrk(url, token, args.warmup, args.connections)
                        run = wrk(url, token, args.duration, args.connections)
                        results.setdefault((project.label, name), []).append(run)
                        print(f"{round_ + 1:>5} {project.label:>7} {name:>9} {run['rps']:>9.0f} "
                              f"{run['mean']:>8.2f} {run['p50']:>7.2f} {run['p99']:>7.2f} "
                              f"{run['errors']:>6.0f}")  # fmt: skip
                finally:
                    project.stop()
    finally:
        for project in projects:
            project.stop()
            drop_database(project.dbname)
    print(f"\n{database}: medians over {args.rounds} rounds")
    for name in PATHS:
        med = {label: medians(results[(label, name)]) for label in ("before", "after")}
        before, after = med["before"], med["after"]
        for label, m in med.items():
            print(
                f"  {name:>9} {label:>7}: {m['rps']:8.0f} req/s, mean {m['mean']:.2f} ms, "
                f"p50 {m['p50']:.2f} ms, p99 {m['p99']:.2f} ms, errors {m['errors']:.0f}"
            )
        print(
            f"  {name:>9} after/before: req/s x{after['rps'] / before['rps']:.2f}, "
            f"mean x{after['mean'] / before['mean']:.2f}, "
            f"p99 x{after['p99'] / before['p99']:.2f}; "
            f"after p99/p50 = {after['p99'] / after['p50']:.2f}"
        )


def medians(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


if __name__ == "__main__":
    main()
