"""Readiness: can this process serve requests now? Its database, and its broker if it has one,
must answer. Liveness stays at `/health`."""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlsplit

import anyio
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

Check = Literal["ok", "unavailable"]
# Ports of the broker URL schemes, for URLs that leave it out.
_DEFAULT_PORTS = {"redis": 6379, "rediss": 6379, "amqp": 5672, "amqps": 5671}


class Readiness(BaseModel):
    status: Check
    checks: dict[str, Check]


async def check_database(session: AsyncSession, *, within: float) -> Check:
    try:
        with anyio.fail_after(within):
            await session.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError, TimeoutError):
        return "unavailable"
    return "ok"


async def check_broker(url: str, *, within: float) -> Check:
    """Does the broker accept connections? (A TCP connection: no client library needed.)"""
    parts = urlsplit(url)
    try:
        port = parts.port or _DEFAULT_PORTS.get(parts.scheme, 0)
        with anyio.fail_after(within):
            stream = await anyio.connect_tcp(parts.hostname or "localhost", port)
        await stream.aclose()
    except (OSError, ValueError, TimeoutError):
        return "unavailable"
    return "ok"
