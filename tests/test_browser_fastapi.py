"""A real browser walks a FastAPI project with its pages and admin: the pages (sign up, items,
log out, log in), the admin (/admin/), Swagger UI (authorize, then call an endpoint) and ReDoc.

Every request must go to the project itself and no page may log a console error. Screenshots go
to results/browser/fastapi/ (git-ignored). Chromium is Debian's (`apt-get install chromium`);
playwright drives it and never downloads a browser of its own.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from _browser import CHROMIUM, CHROMIUM_ARGS
from conftest import ROOT, Project, service_missing, uv_bin, wait_for_ci_setup
from playwright.sync_api import ConsoleMessage, Page, expect, sync_playwright

pytestmark = pytest.mark.slow

SCREENSHOTS = ROOT / "results" / "browser" / "fastapi"
ADMIN_EMAIL = "admin@example.com"
USER_EMAIL = "walker@example.com"
PASSWORD = "a-long-and-uncommon-passphrase"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_until_up(
    url: str, server: subprocess.Popen[bytes], log: Path, timeout: float = 30
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the server exited early:\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - local URL
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    pytest.fail(f"the server did not answer {url} within {timeout} s")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory, template_src: Path) -> Iterator[str]:
    """A project with pages and admin, migrated, with one administrator, served by its own
    `serve` command on a free port."""
    import copier

    wait_for_ci_setup()
    if not Path(CHROMIUM).is_file():
        service_missing(f"{CHROMIUM} is missing (apt-get install chromium)")
    path = tmp_path_factory.mktemp("browser") / "walk"
    answers = {"project_name": "Walk", "framework": "fastapi", "database": "sqlite"}
    answers |= {"admin_backoffice": True, "html_pages": True, "run_setup": False}
    copier.run_copy(str(template_src), path, data=answers, defaults=True, unsafe=True, quiet=True)
    # The project's own .env names its database; nothing from this process's environment.
    env = {name: value for name, value in os.environ.items() if name != "DATABASE_URL"}
    # The walk signs in again right after a wrong password on purpose; the progressive delay
    # between attempts (tested in the project's own suite) would answer that 429.
    env["LOGIN_DELAY_SECONDS"] = "0"
    project = Project(path, env=env)
    project.sync()
    project.run("alembic", "upgrade", "heads")
    subprocess.run(
        [uv_bin(), "run", "--no-sync", "create-admin", ADMIN_EMAIL, "--password-stdin"],
        cwd=project.path,
        env=env,
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    port = _free_port()
    log = (path / "serve.log").open("w")
    server = subprocess.Popen(
        [uv_bin(), "run", "--no-sync", "serve", "--port", str(port)],
        cwd=project.path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_until_up(f"{url}/health", server, path / "serve.log")
        yield url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()


class Walk:
    """One browser page that records every request it makes and every console error."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.requests: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda req: self.requests.append(req.url))
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console error: {message.text} ({message.location['url']})")

    def goto(self, path: str) -> None:
        response = self.page.goto(self.base_url + path)
        assert response is not None
        assert response.ok, (path, response.status)

    def shot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    def check_clean(self) -> None:
        own = urlsplit(self.base_url).netloc
        foreign = [
            url
            for url in self.requests
            if urlsplit(url).scheme not in {"data", "blob"} and urlsplit(url).netloc != own
        ]
        assert foreign == [], foreign
        assert self.errors == [], self.errors


@pytest.fixture
def walk(base_url: str) -> Iterator[Walk]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1100, "height": 800})
            walk = Walk(context.new_page(), base_url)
            yield walk
            walk.check_clean()
        finally:
            browser.close()


def test_pages_sign_up_manage_items_log_out_and_in(walk: Walk) -> None:
    page = walk.page
    walk.goto("/")
    walk.shot("home")
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("E-mail address").fill(USER_EMAIL)
    page.get_by_label("Password").fill("short")
    page.get_by_role("button", name="Sign up").click()
    expect(page.locator("#error_password")).to_contain_text("at least 10 characters")
    walk.shot("signup-errors")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    # The same answer whether or not the address was registered: log in next.
    expect(page.get_by_role("status")).to_contain_text("If this address was new")
    expect(page.get_by_label("E-mail address")).to_have_value(USER_EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(walk.base_url + "/my/items")
    expect(page.get_by_role("heading", name="My items")).to_be_visible()

    page.get_by_role("button", name="Add item").click()
    expect(page.locator("#error_title")).to_be_visible()
    page.get_by_label("Title").fill("Walk the dog")
    page.get_by_label("Description").fill("Twice a day")
    page.get_by_role("button", name="Add item").click()
    expect(page.locator(".item h3")).to_have_text(["Walk the dog"])
    walk.shot("items")

    page.get_by_role("link", name="Edit Walk the dog").click()
    page.get_by_label("Title").fill("Walk the cat")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".item h3")).to_have_text(["Walk the cat"])
    page.get_by_role("button", name="Delete Walk the cat").click()
    expect(page.locator(".item")).to_have_count(0)

    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(walk.base_url + "/")
    page.get_by_role("navigation").get_by_role("link", name="Log in").click()
    page.get_by_label("E-mail address").fill(USER_EMAIL)
    page.get_by_label("Password").fill("not-the-passphrase")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("Incorrect e-mail address or password")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(walk.base_url + "/my/items")

    # A narrow screen gets the same page in one column.
    page.set_viewport_size({"width": 380, "height": 800})
    walk.shot("items-narrow")
    assert page.evaluate("document.documentElement.scrollWidth") <= 380


def test_admin_lets_in_superusers_only(walk: Walk) -> None:
    page = walk.page
    walk.goto("/admin/")
    expect(page).to_have_url(walk.base_url + "/admin/login")
    walk.shot("admin-login")
    page.locator("input[name=username]").fill(USER_EMAIL)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    expect(page.get_by_text("Invalid credentials.").first).to_be_visible()
    # sqladmin answers a refused login with 400, which Chromium logs as a failed load: the
    # one console error this walk expects.
    assert walk.errors == [
        "console error: Failed to load resource: the server responded with a status of 400 "
        f"(Bad Request) ({walk.base_url}/admin/login)"
    ]
    walk.errors.clear()

    page.locator("input[name=username]").fill(ADMIN_EMAIL)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    expect(page).to_have_url(walk.base_url + "/admin/")
    walk.goto("/admin/user/list")
    expect(page.get_by_text(ADMIN_EMAIL).first).to_be_visible()
    assert "argon2" not in page.content()
    walk.shot("admin-users")
    walk.goto("/admin/item/list")
    walk.shot("admin-items")
    walk.goto("/admin/item/create")
    expect(page.locator("select[name=owner]")).to_contain_text(ADMIN_EMAIL)
    walk.shot("admin-item-create")


def test_swagger_authorizes_and_calls_an_endpoint(walk: Walk) -> None:
    page = walk.page
    walk.goto("/docs")
    page.locator("button.authorize").first.click()
    page.locator("#oauth_username").fill(ADMIN_EMAIL)
    page.locator("#oauth_password").fill(PASSWORD)
    page.locator(".auth-btn-wrapper button.authorize").click()
    expect(page.locator(".auth-btn-wrapper button", has_text="Logout")).to_be_visible()
    page.locator(".auth-btn-wrapper button.btn-done").click()

    operation = page.locator(".opblock-get").filter(has=page.locator('[data-path="/users/me"]'))
    operation.locator(".opblock-summary").click()
    operation.locator(".try-out__btn").click()
    operation.locator(".execute").click()
    status = operation.locator(".live-responses-table .response .response-col_status")
    expect(status).to_have_text("200")
    expect(operation.locator(".live-responses-table")).to_contain_text(ADMIN_EMAIL)
    walk.shot("swagger")


def test_redoc_renders_the_api(walk: Walk) -> None:
    page = walk.page
    walk.goto("/redoc")
    expect(page.locator("h1").first).to_contain_text("Walk")
    expect(page.locator("h2").filter(has_text="Create an account")).to_be_visible()
    walk.shot("redoc")
