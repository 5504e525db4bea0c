"""Reading wrk's report (run with --latency), and the error the `bench` command reports."""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
_RATE = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)
_TOTAL = re.compile(r"^\s*(\d+) requests in ", re.MULTILINE)
_PERCENTILE = r"^\s+{}%\s+([\d.]+)(us|ms|s|m|h)\s*$"
_SOCKET_ERRORS = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
_NON_2XX = re.compile(r"Non-2xx or 3xx responses: (\d+)")


class BenchError(Exception):
    """The benchmark could not run; the message is meant for a person."""


class WrkOutputError(ValueError):
    """wrk's output lacks a figure the report needs."""


@dataclass(frozen=True)
class WrkResult:
    requests_per_sec: float
    latency_p50_ms: float
    latency_p99_ms: float
    errors: int
    requests: int

    def as_dict(self) -> dict[str, float | int]:
        return {
            "requests_per_sec": self.requests_per_sec,
            "latency_p50_ms": self.latency_p50_ms,
            "latency_p99_ms": self.latency_p99_ms,
            "errors": self.errors,
            "requests": self.requests,
        }


def _latency_ms(output: str, percentile: int) -> float:
    match = re.search(_PERCENTILE.format(percentile), output, re.MULTILINE)
    if match is None:
        raise WrkOutputError(f"no {percentile}% latency line (was wrk run with --latency?)")
    return float(match.group(1)) * _UNITS_MS[match.group(2)]


def parse_wrk(output: str) -> WrkResult:
    """Requests/s, median and 99th percentile latency in ms, total requests, and errors: every
    non-2xx/3xx response plus every socket error (connect, read, write, timeout)."""
    rate, total = _RATE.search(output), _TOTAL.search(output)
    if rate is None or total is None:
        raise WrkOutputError("no Requests/sec or request count in wrk's output")
    sockets = _SOCKET_ERRORS.search(output)
    non_2xx = _NON_2XX.search(output)
    errors = sum(int(n) for n in sockets.groups()) if sockets else 0
    errors += int(non_2xx.group(1)) if non_2xx else 0
    return WrkResult(
        requests_per_sec=float(rate.group(1)),
        latency_p50_ms=_latency_ms(output, 50),
        latency_p99_ms=_latency_ms(output, 99),
        errors=errors,
        requests=int(total.group(1)),
    )
