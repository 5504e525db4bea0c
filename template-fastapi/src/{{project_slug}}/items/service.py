"""Items, always scoped to their owner: another user's item is indistinguishable from a
missing one.

Reads select the public columns and build `ItemPublic` from the rows, skipping ORM entity
loading (identity map, change tracking). Writes use the ORM as usual.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..users.models import User
from .models import Item
from .schemas import ItemCreate, ItemPublic, ItemUpdate

_PUBLIC_COLUMNS = tuple(getattr(Item, name) for name in ItemPublic.model_fields)


def _public(row: Any) -> ItemPublic:
    return ItemPublic.model_validate(row._mapping)


class RevokedTokenError(Exception):
    """The token's user is gone or deactivated, or changed their password since."""


# The hot read path: the item and, in the same statement, what decides whether its user still
# accepts the token, so the endpoint needs no `CurrentUser` (a second query).
_ITEM_FOR_USER = (
    select(User.is_active.label("user_is_active"), User.tokens_not_before, *_PUBLIC_COLUMNS)
    .select_from(User)
    .outerjoin(Item, and_(Item.owner_id == User.id, Item.id == bindparam("item_id")))
    .where(User.id == bindparam("user_id"))
)


async def get_item(
    session: AsyncSession, *, user_id: int, token_issued_at: float, item_id: int
) -> ItemPublic | None:
    """The user's item, or None when it does not exist or belongs to someone else."""
    result = await session.execute(_ITEM_FOR_USER, {"user_id": user_id, "item_id": item_id})
    row = result.mappings().first()
    if row is None or not row["user_is_active"] or token_issued_at < row["tokens_not_before"]:
        raise RevokedTokenError(user_id)
    return None if row["id"] is None else ItemPublic.model_validate(row)


async def list_items(
    session: AsyncSession, *, owner_id: int, limit: int, offset: int
) -> tuple[list[ItemPublic], int]:
    total = await session.scalar(
        select(func.count()).select_from(Item).where(Item.owner_id == owner_id)
    )
    result = await session.execute(
        select(*_PUBLIC_COLUMNS)
        .where(Item.owner_id == owner_id)
        .order_by(Item.id)
        .limit(limit)
        .offset(offset)
    )
    return [_public(row) for row in result], total or 0


async def create_item(session: AsyncSession, *, owner_id: int, data: ItemCreate) -> ItemPublic:
    item = Item(owner_id=owner_id, **data.model_dump())
    session.add(item)
    await session.commit()
    await session.refresh(item)
    return ItemPublic.model_validate(item)


async def update_item(
    session: AsyncSession, *, owner_id: int, item_id: int, data: ItemUpdate
) -> ItemPublic | None:
    item = await _owned(session, owner_id=owner_id, item_id=item_id)
    if item is None:
        return None
    for field, value in data.model_dump(exclude_unset=True).items():
        setattr(item, field, value)
    await session.commit()
    await session.refresh(item)
    return ItemPublic.model_validate(item)


async def delete_item(session: AsyncSession, *, owner_id: int, item_id: int) -> bool:
    item = await _owned(session, owner_id=owner_id, item_id=item_id)
    if item is None:
        return False
    await session.delete(item)
    await session.commit()
    return True


async def _owned(session: AsyncSession, *, owner_id: int, item_id: int) -> Item | None:
    result = await session.execute(
        select(Item).where(Item.id == item_id, Item.owner_id == owner_id)
    )
    return result.scalar_one_or_none()
