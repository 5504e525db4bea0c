"""Items, always scoped to their owner: another user's item is indistinguishable from a
missing one."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from .models import Item
from .schemas import ItemCreate, ItemPublic, ItemUpdate


async def get_item(session: AsyncSession, *, owner_id: int, item_id: int) -> ItemPublic | None:
    """The user's item, or None when it does not exist or belongs to someone else."""
    item = await _owned(session, owner_id=owner_id, item_id=item_id)
    return None if item is None else ItemPublic.model_validate(item)


async def list_items(
    session: AsyncSession, *, owner_id: int, limit: int, offset: int
) -> tuple[list[ItemPublic], int]:
    total = await session.scalar(
        select(func.count()).select_from(Item).where(Item.owner_id == owner_id)
    )
    items = await session.scalars(
        select(Item).where(Item.owner_id == owner_id).order_by(Item.id).limit(limit).offset(offset)
    )
    return [ItemPublic.model_validate(item) for item in items], total or 0


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
    item: Item | None = await session.scalar(
        select(Item).where(Item.id == item_id, Item.owner_id == owner_id)
    )
    return item
