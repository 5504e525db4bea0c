from httpx import AsyncClient

from .conftest import PASSWORD, AuthHeaders, MakeUser


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
        json={
            "full_name": "Grace Hopper",
            "password": "a-brand-new-passphrase",
            "current_password": PASSWORD,
        },
    )
    assert response.status_code == 200
    assert response.json()["full_name"] == "Grace Hopper"
    login = await client.post(
        "/auth/token", data={"username": user.email, "password": "a-brand-new-passphrase"}
    )
    assert login.status_code == 200


async def test_a_new_password_needs_the_current_one(
    client: AsyncClient, make_user: MakeUser, auth_headers: AuthHeaders
) -> None:
    """A stolen access token alone cannot change the password and so take the account over."""
    user = await make_user()
    headers = await auth_headers(user)
    new = "a-brand-new-passphrase"
    without = await client.patch("/users/me", headers=headers, json={"password": new})
    assert without.status_code == 422
    assert "current_password" in without.text
    wrong = await client.patch(
        "/users/me",
        headers=headers,
        json={"password": new, "current_password": "not-the-password"},
    )
    assert wrong.status_code == 400
    assert wrong.json() == {"detail": "The current password is incorrect"}
    for password in (new, "not-the-password"):
        form = {"username": user.email, "password": password}
        assert (await client.post("/auth/token", data=form)).status_code == 401
    right = await client.patch(
        "/users/me", headers=headers, json={"password": new, "current_password": PASSWORD}
    )
    assert right.status_code == 200


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
