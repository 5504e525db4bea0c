"""Time-to-green: from `newproj create DEST --yes` to its summary with the tests passed.

For each framework, with a warm uv cache (the shared one, primed first) and with an empty one,
prints the wall time and its phases (render, install, git, migrate, seed, test; setup runs
the test step beside migrate and seed, so those phases overlap): medians, and each round's
total. Every run is a fresh project in a temporary folder. `--features all` switches on every
feature the framework builds (copier.yml's `capabilities` table; Redis and RabbitMQ must be
running), `none` switches them all off, `default` leaves the questionnaire's defaults.
Usage: python benchmarks/time_to_green.py [--rounds N] [--features default|all|none]
       [--caches warm,cold] [--frameworks django,fastapi]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PHASES = ("render", "install", "git", "migrate", "seed", "test")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the feature matrix's reading of copier.yml

from _pairwise import answer_text, built_by, switches  # type: ignore[import-not-found]  # noqa: E402


def feature_answers(framework: str, features: str) -> list[str]:
    """`-d name=value` for every feature `framework` builds: on (`all`) or off (`none`)."""
    if features == "default":
        return []
    on_off = switches()
    answers = []
    for name in built_by(framework):
        on, off = on_off[name]
        answers += ["-d", f"{name}={answer_text(on if features == 'all' else off)}"]
    return answers


def create(framework: str, *, cache: str, features: str = "default") -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="ttg-") as scratch:
        dest = Path(scratch) / "demo"
        env = {**os.environ, "UV_CACHE_DIR": cache}
        started = time.perf_counter()
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "newproj",
                "create",
                str(dest),
                "--yes",
                "--json",
                "--framework",
                framework,
                *feature_answers(framework, features),
            ],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        total = time.perf_counter() - started
        if proc.returncode:
            # The project goes with the temporary folder: keep what its failed step logged.
            logs = sorted(
                (dest / ".newproj" / "logs").glob("*.log"), key=lambda p: p.stat().st_mtime
            )
            tail = logs[-1].read_text()[-6000:] if logs else ""
            raise SystemExit(f"{framework}: exit {proc.returncode}\n{proc.stderr[-3000:]}\n{tail}")
        setup = json.loads(proc.stdout)["setup"]
        phases = {step["name"]: float(step["seconds"]) for step in setup["steps"]}
        phases["render"] = total - float(setup["seconds"])
        phases["total"] = total
        phases["tests_passed"] = setup["tests"]["passed"]
        return phases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--frameworks", default="django,fastapi")
    parser.add_argument("--features", choices=("default", "all", "none"), default="default")
    parser.add_argument("--caches", default="warm,cold")
    args = parser.parse_args()
    warm_cache = os.environ.get("UV_CACHE_DIR") or str(Path.home() / ".cache" / "uv")
    rows = []
    for framework in args.frameworks.split(","):
        create(framework, cache=warm_cache, features=args.features)  # prime the warm cache
        for label in args.caches.split(","):
            runs = []
            for _ in range(args.rounds):
                if label == "cold":
                    with tempfile.TemporaryDirectory(prefix="uv-cold-") as empty:
                        runs.append(create(framework, cache=empty, features=args.features))
                else:
                    runs.append(create(framework, cache=warm_cache, features=args.features))
            rows.append((framework, label, runs))
    header = f"{'framework':<9} {'cache':<5} {'total s':>8} " + " ".join(f"{p:>8}" for p in PHASES)
    print(header)
    print("-" * len(header))
    for framework, label, runs in rows:
        med = {k: statistics.median(r.get(k, 0.0) for r in runs) for k in (*PHASES, "total")}
        totals = ", ".join(f"{run['total']:.1f}" for run in runs)
        print(
            f"{framework:<9} {label:<5} {med['total']:>8.1f} "
            + " ".join(f"{med[p]:>8.1f}" for p in PHASES)
            + f"   ({int(runs[0]['tests_passed'])} tests passed; median of {len(runs)}"
            + (f"; totals {totals})" if len(runs) > 1 else ")")
        )


if __name__ == "__main__":
    main()
