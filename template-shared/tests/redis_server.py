"""A Redis server of the test's own, to restart mid-test: `redis-server` on a free port, its
files in a temporary folder, never the machine's Redis (other tests and projects use that one).

`restart()` stops it and starts it again on the same port, as an operator or a crash would: every
connection breaks, and the server comes back empty (no persistence), so whatever lived only in
Redis (queued jobs, cached entries, channel-layer groups) is gone. The app and its workers must
carry on by themselves. Without the `redis-server` program the test is skipped, unless
NEWPROJ_REQUIRE_SERVICES=1 (as in CI), where it fails.
"""

import os
import shutil
import socket
import subprocess
import time
from contextlib import suppress
from pathlib import Path

import pytest
from redis import Redis
from redis.exceptions import RedisError

START = 30.0  # seconds: a bound on the server's start


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class RedisServer:
    """`redis-server` in a process of its own; `start()` it, `restart()` it, `stop()` it."""

    def __init__(self, folder: Path) -> None:
        program = shutil.which("redis-server")
        if program is None:
            message = "redis-server is not installed (a test starts a Redis of its own)"
            if os.environ.get("NEWPROJ_REQUIRE_SERVICES") == "1":
                pytest.fail(f"{message}, and NEWPROJ_REQUIRE_SERVICES=1")
            pytest.skip(message)
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log = folder / "redis.log"
        self._argv = [
            program,
            *("--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(folder)),
            *("--save", "", "--appendonly", "no", "--logfile", str(self.log)),
        ]
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start the server and return once it answers."""
        self._process = subprocess.Popen(self._argv, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + START
        while time.monotonic() < deadline and self._process.poll() is None:
            with suppress(RedisError, OSError), Redis(port=self.port, socket_timeout=1) as client:
                client.ping()
                return
            time.sleep(0.02)
        pytest.fail(f"redis-server did not start:\n{self.log.read_text(errors='replace')}")

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=START)
            self._process = None

    def restart(self, *, down: float = 0.5) -> None:
        """Stop the server, leave it down for `down` seconds, and start it again, empty."""
        self.stop()
        time.sleep(down)
        self.start()
