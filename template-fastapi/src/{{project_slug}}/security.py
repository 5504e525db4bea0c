"""Password hashing (Argon2 through pwdlib) and password strength rules."""

from __future__ import annotations

import gzip
from functools import cache
from importlib import resources

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from starlette.concurrency import run_in_threadpool

MIN_PASSWORD_LENGTH = 10

_hasher = PasswordHash((Argon2Hasher(),))
# Verified against when the user does not exist, so that a login for an unknown e-mail address
# costs as much time as one for a known address (no user enumeration by timing). Made on first
# use: hashing takes a quarter of a second, which imports and CLI commands should not pay.
_dummy_hash: str | None = None


def use_hasher(hasher: PasswordHash) -> None:
    """Swap the hasher (tests use cheaper Argon2 parameters)."""
    global _hasher, _dummy_hash
    _hasher, _dummy_hash = hasher, None


def _get_dummy_hash() -> str:
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = _hasher.hash("dummy password used for timing equalisation")
    return _dummy_hash


async def hash_password(password: str) -> str:
    # Argon2 is deliberately slow and releases the GIL: keep it off the event loop.
    return await run_in_threadpool(_hasher.hash, password)


async def verify_password(password: str, password_hash: str | None) -> bool:
    """Check a password; with no hash (unknown user), spend the same time and return False."""
    if password_hash is None:
        dummy_hash = await run_in_threadpool(_get_dummy_hash)
        await run_in_threadpool(_hasher.verify, password, dummy_hash)
        return False
    return await run_in_threadpool(_hasher.verify, password, password_hash)


@cache
def _common_passwords() -> frozenset[str]:
    # The 20,000 most common passwords: Royce Williams' list, as Django ships it (BSD-3-Clause).
    data = resources.files(__package__).joinpath("users", "common-passwords.txt.gz").read_bytes()
    return frozenset(gzip.decompress(data).decode().split())


def password_problems(password: str, *, email: str | None = None) -> list[str]:
    """Why a password is too weak; an empty list means it is acceptable."""
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(f"The password must have at least {MIN_PASSWORD_LENGTH} characters.")
    if password.lower().strip() in _common_passwords():
        problems.append("The password is too common.")
    if password.isdigit():
        problems.append("The password cannot be entirely numeric.")
    local_part = (email or "").split("@")[0].lower()
    if len(local_part) >= 3 and local_part in password.lower():
        problems.append("The password is too similar to the e-mail address.")
    return problems
