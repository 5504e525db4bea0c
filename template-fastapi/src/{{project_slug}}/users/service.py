"""Users: creation, lookup and updates. Routers and the CLI both go through here."""

from __future__ import annotations

import time

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..security import hash_password
from .models import User


class EmailTakenError(Exception):
    """Another user already has this e-mail address."""


def normalize_email(email: str) -> str:
    return email.strip().lower()


async def get_by_email(session: AsyncSession, email: str) -> User | None:
    result = await session.execute(select(User).where(User.email == normalize_email(email)))
    return result.scalar_one_or_none()


async def create_user(
    session: AsyncSession,
    *,
    email: str,
    password: str,
    full_name: str | None = None,
    is_superuser: bool = False,
) -> User:
    user = User(
        email=normalize_email(email),
        password_hash=await hash_password(password),
        full_name=full_name,
        is_superuser=is_superuser,
    )
    session.add(user)
    try:
        await session.commit()
    except IntegrityError as exc:
        await session.rollback()
        raise EmailTakenError(email) from exc
    await session.refresh(user)
    return user


async def sign_up(
    session: AsyncSession, *, email: str, password: str, full_name: str | None
) -> User | None:
    """Create an account; None if the address is registered already, after the same work
    (a password hash), so that neither the answer nor its timing tells the two apart."""
    if await get_by_email(session, email) is not None:
        await hash_password(password)
        return None
    try:
        return await create_user(session, email=email, password=password, full_name=full_name)
    except EmailTakenError:
        # Registered by a concurrent signup in the meantime.
        return None


async def update_user(
    session: AsyncSession, user: User, *, full_name: str | None, password: str | None
) -> User:
    if full_name is not None:
        user.full_name = full_name
    if password is not None:
        user.password_hash = await hash_password(password)
        user.tokens_not_before = time.time()
    await session.commit()
    await session.refresh(user)
    return user


async def list_users(session: AsyncSession, *, limit: int, offset: int) -> tuple[list[User], int]:
    total = await session.scalar(select(func.count()).select_from(User))
    result = await session.execute(select(User).order_by(User.id).limit(limit).offset(offset))
    return list(result.scalars()), total or 0


async def administer(
    session: AsyncSession,
    user: User,
    *,
    full_name: str | None,
    is_active: bool | None,
    is_superuser: bool | None,
) -> User:
    """An administrator's changes: None leaves a field as it is. Commits."""
    if full_name is not None:
        user.full_name = full_name
    if is_active is not None:
        user.is_active = is_active
    if is_superuser is not None:
        user.is_superuser = is_superuser
    await session.commit()
    await session.refresh(user)
    return user
