"""The `bench` command's own parts, the same in every framework's project: reading wrk's report
and its one-line failures."""

import re
from pathlib import Path

import pytest

from {{ project_slug }}.bench import cli as bench_cli
from {{ project_slug }}.bench.data import MAX_QUERIES, query_count
from {{ project_slug }}.bench.wrk import WrkOutputError, parse_wrk

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8000/bench/json
  1 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     6.61ms  812.00us  20.47ms   91.40%
    Req/Sec     9.69k   410.11     10.14k    88.00%
  Latency Distribution
     50%    6.48ms
     75%    6.72ms
     90%    7.10ms
     99%    1.20s
  96512 requests in 10.00s, 14.45MB read
  Socket errors: connect 1, read 2, write 3, timeout 4
  Non-2xx or 3xx responses: 5
Requests/sec:   9650.37
Transfer/sec:      1.44MB
"""


def test_wrk_output_is_parsed() -> None:
    result = parse_wrk(WRK_OUTPUT)
    assert result.requests_per_sec == 9650.37
    assert result.latency_p50_ms == 6.48
    assert result.latency_p99_ms == 1200.0
    assert result.requests == 96512
    assert result.errors == 15
    clean = WRK_OUTPUT.replace("50%    6.48ms", "50%  650.00us")
    clean = re.sub(r"  (Socket errors|Non-2xx).*\n", "", clean)
    assert (parse_wrk(clean).latency_p50_ms, parse_wrk(clean).errors) == (0.65, 0)
    with pytest.raises(WrkOutputError):
        parse_wrk("unable to connect to 127.0.0.1:8000 Connection refused")


@pytest.mark.parametrize(
    ("raw", "count"),
    [(None, 1), ("", 1), ("foo", 1), ("0", 1), ("-3", 1), ("7", 7), ("501", MAX_QUERIES)],
)
def test_the_queries_parameter_is_clamped(raw: str | None, count: int) -> None:
    assert query_count(raw) == count


def test_bench_without_wrk_fails_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert bench_cli.main(["--out", str(tmp_path / "out.json")]) == 1
    assert capsys.readouterr().err == f"{bench_cli.WRK_MISSING}\n"
    assert not (tmp_path / "out.json").exists()


def test_bench_refuses_unknown_tests(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        bench_cli.main(["--tests", "json,websocket"])
    assert exited.value.code == 2
    assert "websocket" in capsys.readouterr().err
