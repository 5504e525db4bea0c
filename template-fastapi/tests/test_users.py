from httpx import AsyncClient

from .conftest import AuthHeaders, MakeUser


async def test_users_me_returns_the_signed_in_user(
    client: AsyncClient, make_user: MakeUser, auth_headers: AuthHeaders
) -> None:
    user = await make_user()
    response = await client.get("/users/me", headers=await auth_headers(user))
    assert response.status_code == 200
    assert response.json()["id"] == user.id


async def test_users_me_can_be_updated(
    client: AsyncClient, make_user: MakeUser, auth_headers: AuthHeaders
) -> None:
    user = await make_user()
    headers = await auth_headers(user)
    response = await client.patch(
        "/users/me",
        headers=headers,
        json={"full_name": "Grace Hopper", "password": "a-brand-new-passphrase"},
    )
    assert response.status_code == 200
    assert response.json()["full_name"] == "Grace Hopper"
    login = await client.post(
        "/auth/token", data={"username": user.email, "password": "a-brand-new-passphrase"}
    )
    assert login.status_code == 200


async def test_users_me_cannot_become_superuser(
    client: AsyncClient, make_user: MakeUser, auth_headers: AuthHeaders
) -> None:
    user = await make_user()
    response = await client.patch(
        "/users/me", headers=await auth_headers(user), json={"is_superuser": True}
    )
    assert response.status_code == 422


async def test_only_administrators_list_users(
    client: AsyncClient, make_user: MakeUser, auth_headers: AuthHeaders
) -> None:
    user = await make_user()
    admin = await make_user(is_superuser=True)
    assert (await client.get("/users", headers=await auth_headers(user))).status_code == 403
    response = await client.get("/users", headers=await auth_headers(admin), params={"limit": 1})
    assert response.status_code == 200
    page = response.json()
    assert page["total"] == 2
    assert len(page["items"]) == 1
