"""Start-up cost of the CLI, as ratios to a bare `python -c pass` measured in the same run.

Prints the median wall time of `newproj --help`, `newproj --version` and
`newproj create DEST --yes --no-setup` over N runs. Usage: python benchmarks/cli_speed.py [-n N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def wall(cmd: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=7)
    args = parser.parse_args()
    newproj = [sys.executable, "-m", "newproj"]
    results: dict[str, list[float]] = {
        "python -c pass": [],
        "newproj --help": [],
        "newproj --version": [],
        "create --yes --no-setup": [],
    }
    with tempfile.TemporaryDirectory() as scratch:
        for i in range(args.n):  # interleaved, so drift hits every command alike
            results["python -c pass"].append(wall([sys.executable, "-c", "pass"]))
            results["newproj --help"].append(wall([*newproj, "--help"]))
            results["newproj --version"].append(wall([*newproj, "--version"]))
            dest = Path(scratch) / f"p{i}"
            results["create --yes --no-setup"].append(
                wall([*newproj, "create", str(dest), "--yes", "--no-setup"])
            )
    base = statistics.median(results["python -c pass"])
    for name, times in results.items():
        med = statistics.median(times)
        print(f"{name:<26} {med * 1000:8.0f} ms   x{med / base:5.1f} of bare python")


if __name__ == "__main__":
    main()
