"""Console commands: `create-admin` (the first administrator) and `serve` (the web server)."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from pathlib import Path
from typing import Any

from pydantic import EmailStr, TypeAdapter, ValidationError

from .db import create_engine, create_sessionmaker
from .models import User
from .security import password_problems
from .settings import get_settings
from .users import service


def create_admin(argv: list[str] | None = None) -> int:
    """Create an administrator account. There are no default accounts: this makes the first."""
    parser = argparse.ArgumentParser(prog="create-admin", description=create_admin.__doc__)
    parser.add_argument("email", help="the administrator's e-mail address (their login)")
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from standard input instead of prompting for it",
    )
    args = parser.parse_args(argv)
    try:
        email = TypeAdapter(EmailStr).validate_python(args.email)
    except ValidationError:
        parser.error(f"{args.email!r} is not an e-mail address")
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    elif not sys.stdin.isatty():
        # getpass would read the terminal, or fail at the end of a pipe: say what to do instead.
        parser.error("standard input is not a terminal: pass --password-stdin to read from it")
    else:
        try:
            password = getpass.getpass("Password: ")
            again = getpass.getpass("Password (again): ")
        except EOFError:
            parser.error("no password given")
        if password != again:
            parser.error("the passwords do not match")
    problems = password_problems(password, email=email)
    if problems:
        parser.error(" ".join(problems))
    try:
        user = asyncio.run(_create_admin(email, password))
    except service.EmailTakenError:
        parser.error(f"a user with the address {email} exists already")
    print(f"Created the administrator {user.email}.")
    return 0


async def _create_admin(email: str, password: str) -> User:
    engine = create_engine(get_settings())
    try:
        async with create_sessionmaker(engine)() as session:
            return await service.create_user(
                session, email=email, password=password, is_superuser=True
            )
    finally:
        await engine.dispose()


def serve(argv: list[str] | None = None) -> None:
    """Run the app with granian (ASGI, uvloop), HOST, PORT and WEB_WORKERS from settings."""
    from granian import Granian
    from granian.constants import Interfaces, Loops

    try:
        settings = get_settings()
    except ValidationError as exc:
        # One line per problem, e.g. a placeholder SECRET_KEY in production, not a traceback.
        sys.exit("\n".join(f"Invalid settings: {error['msg']}" for error in exc.errors()))
    parser = argparse.ArgumentParser(prog="serve", description=serve.__doc__)
    parser.add_argument("--host", default=settings.host)
    parser.add_argument("--port", type=int, default=settings.port)
    parser.add_argument("--workers", type=int, default=settings.web_workers)
    parser.add_argument("--reload", action="store_true", help="restart on code changes (dev)")
    args = parser.parse_args(argv)
    reload: dict[str, Any] = {}
    if args.reload:
        # watchfiles is a development dependency: production images do without it.
        try:
            from watchfiles import PythonFilter
        except ImportError:
            sys.exit("serve --reload needs watchfiles, a development dependency: run `uv sync`")
        reload = {
            "reload": True,
            # Only the package's Python files: by default granian watches every file under the
            # working directory, and SQLite's writes to db.sqlite3 would restart the server.
            "reload_paths": [Path(__file__).resolve().parent],
            "reload_filter": PythonFilter,
        }
    Granian(
        f"{__package__}.main:create_app",
        factory=True,
        address=args.host,
        port=args.port,
        workers=1 if args.reload else args.workers,
        interface=Interfaces.ASGI,
        loop=Loops.uvloop,
        log_access=settings.environment != "production",
        **reload,
    ).serve()
