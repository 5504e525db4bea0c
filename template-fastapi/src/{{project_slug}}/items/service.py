"""Items, always scoped to their owner: another user's item is indistinguishable from a
missing one."""

from __future__ import annotations

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..users.models import User
from .models import Item
from .schemas import ItemCreate, ItemPublic, ItemUpdate


async def get_item(session: AsyncSession, *, owner_id: int, item_id: int) -> ItemPublic | None:
    """The user's item, or None when it does not exist or belongs to someone else."""
    item = await _owned(session, owner_id=owner_id, item_id=item_id)
    return None if item is None else ItemPublic.model_validate(item)


async def get_user_and_item(
    session: AsyncSession, *, user_id: int, item_id: int
) -> tuple[User | None, ItemPublic | None]:
    """The user and, in the same query, their item (None when it does not exist or belongs to
    someone else): one round trip to the database where `CurrentUser` and `get_item` make two."""
    row = (
        await session.execute(
            select(User, Item)
            .outerjoin(Item, and_(Item.owner_id == User.id, Item.id == item_id))
            .where(User.id == user_id)
        )
    ).one_or_none()
    if row is None:
        return None, None
    user, item = row
    return user, None if item is None else ItemPublic.model_validate(item)


async def list_items(
    session: AsyncSession, *, owner_id: int, limit: int, offset: int
) -> tuple[list[ItemPublic], int]:
    """One page of the user's items, and how many they have in all (one query, two past the
    last page)."""
    owned = Item.owner_id == owner_id
    # The count is a subquery the database runs once, from the owner's index; a window count
    # (`count(*) over ()`) would read every row of the list before the page is cut.
    count = select(func.count()).select_from(Item).where(owned)
    rows = (
        await session.execute(
            select(Item, count.scalar_subquery().label("total"))
            .where(owned)
            .order_by(Item.id)
            .limit(limit)
            .offset(offset)
        )
    ).all()
    if rows:
        total: int = rows[0].total
        return [ItemPublic.model_validate(row.Item) for row in rows], total
    # No row to carry the count: past the last page, or no items at all.
    past_the_end = await session.scalar(count) if offset else 0
    return [], past_the_end or 0


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
