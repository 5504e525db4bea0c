"""template-django against attack, served for real: a real browser walks its pages (slow: it
installs the project). The API is fuzzed by the project's own scripts/fuzz-api.sh, in the
all-features rows of tests/test_features.py."""

from __future__ import annotations

import contextlib
import email
import email.policy
import os
import re
import secrets
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from _browser import browser_walk
from conftest import Project, Render, uv_bin
from test_template_django import free_port

PASSWORD = "walk-The-pages-" + secrets.token_hex(4)


class Mailbox:
    """An aiosmtpd handler keeping what the project sends."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        assert isinstance(parsed, email.message.EmailMessage)
        self.messages.append(parsed)
        return "250 OK"

    def link(self, to: str, path: str, *, after: int = 0) -> str:
        """The first link to `path` in mail to `to`, waiting for it briefly."""
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            for message in self.messages[after:]:
                if message["To"] != to:
                    continue
                body = message.get_body(preferencelist=("plain",))
                found = re.search(rf"https?://[^/\s]+({re.escape(path)}\S*)", body.get_content())  # type: ignore[union-attr]
                if found:
                    return found.group(1)
            time.sleep(0.2)
        raise AssertionError(f"no mail to {to} with a link to {path}")


@contextlib.contextmanager
def smtp_server() -> Iterator[tuple[Mailbox, int]]:
    from aiosmtpd.controller import Controller

    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield box, controller.port
    finally:
        controller.stop()


@contextlib.contextmanager
def served(project: Project, env: dict[str, str]) -> Iterator[str]:
    """The project on runserver with its test settings (DEBUG off, static files from the apps),
    migrated, with a superuser; yields its origin."""
    slug = next((project.path / "src").iterdir()).name
    env = {
        "DJANGO_SETTINGS_MODULE": f"{slug}.config.settings.test",
        "DJANGO_SUPERUSER_EMAIL": "admin@example.com",
        "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
        **env,
    }
    project.run("python", "manage.py", "migrate", "--noinput", env=env)
    project.run("python", "manage.py", "createsuperuser", "--noinput", env=env)
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    with subprocess.Popen(
        [
            uv_bin(),
            "run",
            "--no-sync",
            "python",
            "manage.py",
            "runserver",
            f"127.0.0.1:{port}",
            "--noreload",
        ],
        cwd=project.path,
        env={**os.environ, **project.env, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    ) as server:
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(origin + "/health/", timeout=5)  # noqa: S310
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        pytest.fail("the project's server did not start")
                    time.sleep(0.3)
            yield origin
        finally:
            server.terminate()
            server.wait(timeout=10)


@pytest.fixture
def django_project(render: Render) -> Project:
    # With the `pages` app (html_pages), which the browser walk goes through too.
    project = Project(render(framework="django", database="sqlite", html_pages=True))
    project.sync()
    return project


@pytest.mark.slow
def test_a_browser_walks_the_pages(django_project: Project) -> None:
    with smtp_server() as (mailbox, smtp_port):
        env = {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_port), "EMAIL_USE_TLS": "false"}
        with served(django_project, env) as origin, browser_walk(origin, "django") as walk:
            page = walk.page
            walk.visit("/")
            walk.screenshot("01-home")

            # Sign up: the activation link arrives by mail.
            address, password = "walker@example.com", PASSWORD + "-user"
            walk.visit("/accounts/signup/")
            page.fill("input[name=email]", address)
            page.fill("input[name=password1]", password)
            page.fill("input[name=password2]", password)
            page.click("button[type=submit]")
            page.wait_for_selector("text=Check your e-mail")
            walk.screenshot("02-signup-done")
            walk.visit(mailbox.link(address, "/accounts/activate/"))
            walk.screenshot("03-activated")

            # Log in, change the password, log out.
            page.fill("input[name=username]", address)
            page.fill("input[name=password]", password)
            page.click("main button[type=submit]")
            page.wait_for_selector(f"text={address}")
            walk.screenshot("04-logged-in")
            walk.visit("/accounts/password/")
            changed = password + "-2"
            page.fill("input[name=old_password]", password)
            page.fill("input[name=new_password1]", changed)
            page.fill("input[name=new_password2]", changed)
            page.click("main button[type=submit]")
            page.wait_for_selector("text=Your password was changed")
            walk.screenshot("05-password-changed")
            page.click("text=Log out")
            page.wait_for_selector("text=Log in")

            # Reset the password by mail, then log in with the new one.
            sent = len(mailbox.messages)
            walk.visit("/accounts/password/reset/")
            page.fill("input[name=email]", address)
            page.click("main button[type=submit]")
            page.wait_for_selector("text=Check your e-mail")
            walk.visit(mailbox.link(address, "/accounts/password/reset/", after=sent))
            reset = password + "-3"
            page.fill("input[name=new_password1]", reset)
            page.fill("input[name=new_password2]", reset)
            page.click("main button[type=submit]")
            page.wait_for_selector("text=Your new password is set")
            walk.screenshot("06-password-reset")
            walk.visit("/accounts/login/")
            page.fill("input[name=username]", address)
            page.fill("input[name=password]", reset)
            page.click("main button[type=submit]")
            page.wait_for_selector(f"text={address}")

            # The notes pages: a form's field errors, then create, edit and delete a note.
            walk.visit("/notes/")
            page.wait_for_selector("text=No notes yet")
            page.click("text=New note")
            page.click("main button[type=submit]")
            page.wait_for_selector("text=This field is required")
            walk.screenshot("07-note-field-error")
            page.fill("input[name=title]", "Groceries")
            page.fill("textarea[name=body]", "Bread\nCheese")
            page.click("main button[type=submit]")
            page.wait_for_selector("text=Note created.")
            page.wait_for_selector("h2:has-text('Groceries')")
            walk.screenshot("08-note-created")
            page.click("article a:text-is('Edit')")
            page.fill("input[name=title]", "Groceries for Sunday")
            page.check("input[name=archived]")
            page.click("main button[type=submit]")
            page.wait_for_selector("text=Note saved.")
            page.wait_for_selector("article.archived h2:has-text('Groceries for Sunday')")
            page.click("article a:text-is('Delete')")
            page.wait_for_selector("text=This cannot be undone.")
            page.click("main button[type=submit]")
            page.wait_for_selector("text=Note deleted.")
            page.wait_for_selector("text=No notes yet")
            walk.screenshot("09-note-deleted")
            page.click("text=Log out")

            # The admin, as the superuser.
            walk.visit("/admin/login/")
            page.fill("input[name=username]", "admin@example.com")
            page.fill("input[name=password]", PASSWORD)
            page.click("input[type=submit]")
            walk.visit("/admin/users/user/")
            page.wait_for_selector(f"text={address}")
            walk.screenshot("10-admin-users")

            # The API docs, every asset from the project itself.
            walk.visit("/api/docs/")
            page.wait_for_selector(".swagger-ui .info")
            walk.screenshot("11-swagger")
            walk.visit("/api/redoc/")
            page.wait_for_selector("text=API docs by Redocly")
            walk.screenshot("12-redoc")
