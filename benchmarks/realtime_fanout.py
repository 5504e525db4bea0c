"""Websocket fan-out across two web processes: delivery latency p50/p99 of the real-time rooms.

Renders a FastAPI project with `realtime` (this repository's template, SQLite), installs and
migrates it, starts TWO servers (`uv run serve --workers 1` each) on one Redis (REDIS_URL,
default redis://127.0.0.1:6379/0) with a channel prefix of their own, then, inside the project:
N websocket clients join one room, half on each server; one more client on the first server
sends M messages, one every --interval seconds, each stamped with its send time; every client
records when each message arrives. Latency is send-to-arrival, as a client on either server
sees it (its messages cross Redis even to the first server's clients).

    uv run python benchmarks/realtime_fanout.py [--clients 100] [--messages 200] [--interval 0.01]

Not a test: it prints figures. Everything it starts is stopped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import subprocess
import tempfile
import time
import tomllib
import urllib.request
from contextlib import suppress
from pathlib import Path

from _harness import copy_template, free_port, sh, stop_group, uv

SLUG = "bench_realtime"

# Runs inside the generated project (its own interpreter and packages: httpx, websockets).
DRIVER = r"""
import asyncio, json, secrets, statistics, sys, time
import httpx
from websockets.asyncio.client import connect

ports, clients = sys.argv[1].split(","), int(sys.argv[2])
messages, interval = int(sys.argv[3]), float(sys.argv[4])
base = f"http://127.0.0.1:{ports[0]}"

def pct(values, q):
    if not values:
        return float("nan")
    return values[min(len(values) - 1, max(0, round(q / 100 * len(values)) - 1))]

async def main():
    email, password = f"bench-{secrets.token_hex(4)}@example.com", "correct-Horse-battery-9"
    account = {"email": email, "password": password}
    async with httpx.AsyncClient(timeout=60) as http:
        (await http.post(f"{base}/users/signup", json=account)).raise_for_status()
        login = {"username": email, "password": password}
        token = (await http.post(f"{base}/auth/token", data=login)).json()["access_token"]

    async def join(port):
        url = f"ws://127.0.0.1:{port}/ws/rooms/bench"
        return await connect(url, subprotocols=["bearer", token], max_queue=None)

    sockets = [(ports[n % len(ports)], await join(ports[n % len(ports)])) for n in range(clients)]
    sender = await join(ports[0])
    latencies = {port: [] for port in ports}
    warmed, done = set(), asyncio.Event()

    async def read(ws, port):
        async for frame in ws:
            arrived = time.perf_counter()
            text = json.loads(frame)["text"]
            if text == "warm-up":
                warmed.add(id(ws))
            elif text.startswith("t=") and port is not None:
                latencies[port].append((arrived - float(text[2:])) * 1000)
                if sum(map(len, latencies.values())) == clients * messages:
                    done.set()

    readers = [asyncio.create_task(read(ws, port)) for port, ws in sockets]
    readers.append(asyncio.create_task(read(sender, None)))
    # Warm up until a message reaches every client: both servers are subscribed.
    for _ in range(300):
        await sender.send(json.dumps({"text": "warm-up"}))
        await asyncio.sleep(0.1)
        if len(warmed) >= clients:
            break
    else:
        sys.exit("the warm-up messages never reached every client")
    await asyncio.sleep(0.5)
    started = time.perf_counter()
    for _ in range(messages):
        await sender.send(json.dumps({"text": f"t={time.perf_counter()}"}))
        await asyncio.sleep(interval)
    try:
        await asyncio.wait_for(done.wait(), 60)
    except TimeoutError:
        pass
    elapsed = time.perf_counter() - started
    for task in readers:
        task.cancel()
    for ws in [sender, *(ws for _, ws in sockets)]:
        await ws.close()
    every = sorted(v for values in latencies.values() for v in values)
    print(json.dumps({
        "clients": clients, "messages": messages, "expected": clients * messages,
        "delivered": len(every), "seconds": elapsed,
        "p50_ms": statistics.median(every) if every else float("nan"),
        "p99_ms": pct(every, 99), "max_ms": every[-1] if every else float("nan"),
        "by_server": {
            port: {"delivered": len(values), "p99_ms": pct(sorted(values), 99)}
            for port, values in latencies.items()
        },
    }))

asyncio.run(main())
"""


def render(scratch: Path) -> Path:
    import copier

    template = copy_template(scratch / "template")
    project = scratch / SLUG
    data = {
        "project_name": "Bench realtime",
        "project_slug": SLUG,
        "framework": "fastapi",
        "database": "sqlite",
        "realtime": True,
        "run_setup": False,
    }
    copier.run_copy(str(template), project, data=data, defaults=True, unsafe=True, quiet=True)
    return project


def start_server(
    project: Path, env: dict[str, str], log: Path
) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [uv(), "run", "--no-sync", "serve", "--port", str(port), "--workers", "1"],
            cwd=project,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        url = f"http://127.0.0.1:{port}/health"
        with suppress(OSError), urllib.request.urlopen(url, timeout=1) as answer:
            if answer.status == 200:
                return process, port
        time.sleep(0.1)
    raise SystemExit(f"the server did not start:\n{log.read_text(errors='replace')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100, help="receiving websockets")
    parser.add_argument("--messages", type=int, default=200, help="messages sent")
    parser.add_argument("--interval", type=float, default=0.01, help="seconds between messages")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="newproj-bench-realtime-"))
    servers: list[subprocess.Popen[bytes]] = []
    try:
        project = render(scratch)
        env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH"}}
        env |= {
            "REALTIME_CHANNEL_PREFIX": f"bench-{secrets.token_hex(6)}",
            # The clients stay for the whole run; the default outbox is ample for the pace.
            "ACCESS_TOKEN_EXPIRE_MINUTES": "60",
        }
        sh([uv(), "sync"], cwd=project, env=env, timeout=900)
        sh([uv(), "run", "--no-sync", "alembic", "upgrade", "heads"], cwd=project, env=env)
        with (project / "pyproject.toml").open("rb") as handle:
            preflight = tomllib.load(handle)["tool"]["newproj"]["preflight"]
        sh([uv(), "run", "--no-sync", *preflight], cwd=project, env=env)
        ports = []
        for name in ("a", "b"):
            process, port = start_server(project, env, scratch / f"{name}.log")
            servers.append(process)
            ports.append(port)
        (project / "bench_driver.py").write_text(DRIVER, encoding="utf-8")
        out = sh(
            [
                uv(),
                "run",
                "--no-sync",
                "python",
                "bench_driver.py",
                ",".join(map(str, ports)),
                str(args.clients),
                str(args.messages),
                str(args.interval),
            ],
            cwd=project,
            env=env,
            timeout=600,
        )
        figures = json.loads(out.strip().splitlines()[-1])
        print(
            f"fastapi realtime: {figures['clients']} clients over 2 processes (granian, one "
            f"worker each), one Redis; {figures['messages']} messages, one every "
            f"{args.interval * 1000:.0f} ms"
        )
        print(
            f"delivered {figures['delivered']}/{figures['expected']} in "
            f"{figures['seconds']:.2f} s; send-to-arrival p50 {figures['p50_ms']:.1f} ms, "
            f"p99 {figures['p99_ms']:.1f} ms, max {figures['max_ms']:.1f} ms"
        )
        for port, server in figures["by_server"].items():
            delivered, p99 = server["delivered"], server["p99_ms"]
            print(f"  server :{port}: {delivered} delivered, p99 {p99:.1f} ms")
    finally:
        for process in servers:
            stop_group(process)
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
