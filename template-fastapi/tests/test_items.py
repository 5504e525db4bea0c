import time
from datetime import datetime

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from .conftest import AuthHeaders, MakeUser


async def test_item_crud(
    client: AsyncClient, make_user: MakeUser, auth_headers: AuthHeaders
) -> None:
    user = await make_user()
    headers = await auth_headers(user)

    created = await client.post(
        "/items", headers=headers, json={"title": "First", "description": "An item"}
    )
    assert created.status_code == 201, created.text
    item = created.json()
    assert item["owner_id"] == user.id
    assert datetime.fromisoformat(item["created_at"]).tzinfo is not None
    assert datetime.fromisoformat(item["updated_at"]).tzinfo is not None

    read = await client.get(f"/items/{item['id']}", headers=headers)
    assert read.status_code == 200
    assert read.json() == item

    updated = await client.patch(f"/items/{item['id']}", headers=headers, json={"title": "Renamed"})
    assert updated.status_code == 200
    assert updated.json()["title"] == "Renamed"
    assert updated.json()["description"] == "An item"  # fields not sent are kept

    deleted = await client.delete(f"/items/{item['id']}", headers=headers)
    assert deleted.status_code == 204
    assert (await client.get(f"/items/{item['id']}", headers=headers)).status_code == 404


async def test_other_users_items_are_not_found(
    client: AsyncClient, make_user: MakeUser, auth_headers: AuthHeaders
) -> None:
    owner_headers = await auth_headers(await make_user())
    other_headers = await auth_headers(await make_user())
    item = (await client.post("/items", headers=owner_headers, json={"title": "Mine"})).json()
    url = f"/items/{item['id']}"

    assert (await client.get(url, headers=other_headers)).status_code == 404
    patched = await client.patch(url, headers=other_headers, json={"title": "Stolen"})
    assert patched.status_code == 404
    assert (await client.delete(url, headers=other_headers)).status_code == 404
    listed = await client.get("/items", headers=other_headers)
    assert listed.json()["total"] == 0
    # Untouched for its owner.
    assert (await client.get(url, headers=owner_headers)).json()["title"] == "Mine"


async def test_items_need_an_active_user(
    client: AsyncClient, session: AsyncSession, make_user: MakeUser, auth_headers: AuthHeaders
) -> None:
    assert (await client.get("/items")).status_code == 401
    assert (await client.post("/items", json={"title": "x"})).status_code == 401
    user = await make_user()
    headers = await auth_headers(user)
    item = (await client.post("/items", headers=headers, json={"title": "Mine"})).json()
    user.is_active = False
    await session.commit()
    for method in ("GET", "PATCH", "DELETE"):
        response = await client.request(method, f"/items/{item['id']}", headers=headers, json={})
        assert response.status_code == 401, method


async def test_reading_an_item_refuses_a_token_from_before_a_sign_out_everywhere(
    client: AsyncClient, session: AsyncSession, make_user: MakeUser, auth_headers: AuthHeaders
) -> None:
    user = await make_user()
    headers = await auth_headers(user)
    item = (await client.post("/items", headers=headers, json={"title": "Mine"})).json()
    assert (await client.get(f"/items/{item['id']}", headers=headers)).status_code == 200
    user.tokens_not_before = time.time() + 60
    await session.commit()
    assert (await client.get(f"/items/{item['id']}", headers=headers)).status_code == 401
    assert (await client.get("/items/999999", headers=headers)).status_code == 401


async def test_items_are_paginated(
    client: AsyncClient, make_user: MakeUser, auth_headers: AuthHeaders
) -> None:
    headers = await auth_headers(await make_user())
    for n in range(5):
        await client.post("/items", headers=headers, json={"title": f"Item {n}"})

    response = await client.get("/items", headers=headers, params={"limit": 2, "offset": 2})
    assert response.status_code == 200
    page = response.json()
    assert page["total"] == 5
    assert (page["limit"], page["offset"]) == (2, 2)
    assert [item["title"] for item in page["items"]] == ["Item 2", "Item 3"]

    # The whole list on the first page, with room to spare or exactly filling it.
    for limit in (50, 5):
        whole = (await client.get("/items", headers=headers, params={"limit": limit})).json()
        assert (len(whole["items"]), whole["total"]) == (5, 5)
    last = (await client.get("/items", headers=headers, params={"offset": 4})).json()
    assert [item["title"] for item in last["items"]] == ["Item 4"]
    assert last["total"] == 5
    beyond = (await client.get("/items", headers=headers, params={"offset": 9})).json()
    assert (beyond["items"], beyond["total"]) == ([], 5)

    too_many = await client.get("/items", headers=headers, params={"limit": 1000})
    assert too_many.status_code == 422


async def test_invalid_items_get_a_clear_422(
    client: AsyncClient, make_user: MakeUser, auth_headers: AuthHeaders
) -> None:
    headers = await auth_headers(await make_user())
    response = await client.post("/items", headers=headers, json={"title": "", "colour": "red"})
    assert response.status_code == 422
    errors = {tuple(error["loc"]): error for error in response.json()["detail"]}
    assert errors[("body", "title")]["type"] == "string_too_short"
    assert errors[("body", "colour")]["type"] == "extra_forbidden"
    assert all(error["msg"] for error in errors.values())

    not_an_id = await client.get("/items/abc", headers=headers)
    assert not_an_id.status_code == 422
    assert not_an_id.json()["detail"][0]["loc"] == ["path", "item_id"]
