from __future__ import annotations

from fastapi import APIRouter, HTTPException, Response, status

from ..db import SessionDep
from ..deps import CurrentUser
from ..errors import error_responses
from ..fields import Id
from ..pagination import Page, PageDep
from . import service
from .schemas import ItemCreate, ItemPublic, ItemUpdate

router = APIRouter(prefix="/items", tags=["items"], responses=error_responses(401))


def _not_found() -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND, "Item not found")


@router.get("", summary="Your items")
async def list_items(user: CurrentUser, session: SessionDep, page: PageDep) -> Page[ItemPublic]:
    items, total = await service.list_items(
        session, owner_id=user.id, limit=page.limit, offset=page.offset
    )
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


@router.post("", status_code=status.HTTP_201_CREATED, summary="Create an item")
async def create_item(body: ItemCreate, user: CurrentUser, session: SessionDep) -> ItemPublic:
    return await service.create_item(session, owner_id=user.id, data=body)


@router.get("/{item_id}", responses=error_responses(404), summary="One of your items")
async def read_item(item_id: Id, user: CurrentUser, session: SessionDep) -> ItemPublic:
    item = await service.get_item(session, owner_id=user.id, item_id=item_id)
    if item is None:
        raise _not_found()
    return item


@router.patch("/{item_id}", responses=error_responses(404), summary="Update one of your items")
async def update_item(
    item_id: Id, body: ItemUpdate, user: CurrentUser, session: SessionDep
) -> ItemPublic:
    item = await service.update_item(session, owner_id=user.id, item_id=item_id, data=body)
    if item is None:
        raise _not_found()
    return item


@router.delete(
    "/{item_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(404),
    summary="Delete one of your items",
)
async def delete_item(item_id: Id, user: CurrentUser, session: SessionDep) -> Response:
    if not await service.delete_item(session, owner_id=user.id, item_id=item_id):
        raise _not_found()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
