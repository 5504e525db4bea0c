"""A real browser for walking a generated project's pages: Debian's Chromium driven by Playwright.

No browser is downloaded (never `playwright install`): the executable is /usr/bin/chromium, or
$NEWPROJ_CHROMIUM. `browser_walk(origin, name)` yields a `Walk` that records every request and
every console error of the pages it visits, saves screenshots under $NEWPROJ_ARTIFACTS (default
tests/artifacts/, git-ignored; CI keeps it) and, at the end, fails the test if any request left
the project's own origin or any page logged an error.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from conftest import ROOT, service_missing, wait_for_ci_setup

if TYPE_CHECKING:
    from playwright.sync_api import Page

CHROMIUM = os.environ.get("NEWPROJ_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Addresses a page may use without asking any host: inline data and in-page blobs.
LOCAL_SCHEMES = ("data:", "blob:", "about:")


def artifacts_dir() -> Path:
    return Path(os.environ.get("NEWPROJ_ARTIFACTS") or ROOT / "tests" / "artifacts")


@dataclass
class Walk:
    """One browser tab on one origin, and what it has seen."""

    page: Page
    origin: str
    shots: Path
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def visit(self, path: str) -> None:
        response = self.page.goto(self.origin + path)
        assert response is not None, path
        assert response.status < 400, (path, response.status)

    def screenshot(self, name: str) -> None:
        self.shots.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=self.shots / f"{name}.png", full_page=True)

    def foreign_requests(self) -> list[str]:
        return [
            url
            for url in self.requests
            if not url.startswith(self.origin + "/") and not url.startswith(LOCAL_SCHEMES)
        ]

    def assert_clean(self) -> None:
        assert not self.foreign_requests(), f"requests to other hosts: {self.foreign_requests()}"
        assert not self.console_errors, f"console errors: {self.console_errors}"


@contextlib.contextmanager
def browser_walk(origin: str, name: str) -> Iterator[Walk]:
    """A fresh browser on `origin` (e.g. http://127.0.0.1:8123); screenshots go to
    <artifacts>/<name>/."""
    wait_for_ci_setup()
    if not Path(CHROMIUM).is_file():
        service_missing(f"{CHROMIUM} is missing (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            page = browser.new_page()
            walk = Walk(page=page, origin=origin.rstrip("/"), shots=artifacts_dir() / name)
            page.on("request", lambda request: walk.requests.append(request.url))
            page.on(
                "console",
                lambda message: (
                    walk.console_errors.append(f"{page.url}: {message.text}")
                    if message.type == "error"
                    else None
                ),
            )
            page.on("pageerror", lambda error: walk.console_errors.append(f"{page.url}: {error}"))
            yield walk
            walk.assert_clean()
        finally:
            browser.close()


def slug(text: str) -> str:
    """A file-name-safe form of a test id."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")
