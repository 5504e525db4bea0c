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


async def test_only_administrators_read_change_or_delete_a_user(
    client: AsyncClient, make_user: MakeUser, auth_headers: AuthHeaders
) -> None:
    user = await make_user()
    other = await make_user()
    headers = await auth_headers(user)
    for method, body in (("GET", None), ("PATCH", {"is_superuser": True}), ("DELETE", None)):
        response = await client.request(method, f"/users/{other.id}", headers=headers, json=body)
        assert response.status_code == 403, method
        anonymous = await client.request(method, f"/users/{other.id}", json=body)
        assert anonymous.status_code == 401, method
    me = (await client.get("/users/me", headers=headers)).json()
    assert me["is_superuser"] is False


async def test_administrators_deactivate_promote_and_delete_users(
    client: AsyncClient, make_user: MakeUser, auth_headers: AuthHeaders
) -> None:
    admin = await make_user(is_superuser=True)
    user = await make_user()
    admin_headers = await auth_headers(admin)
    user_headers = await auth_headers(user)
    url = f"/users/{user.id}"

    read = await client.get(url, headers=admin_headers)
    assert read.status_code == 200
    assert read.json()["email"] == user.email

    deactivated = await client.patch(url, headers=admin_headers, json={"is_active": False})
    assert deactivated.status_code == 200
    assert deactivated.json()["is_active"] is False
    # Signed out: the user's tokens are refused, and so is the password.
    assert (await client.get("/users/me", headers=user_headers)).status_code == 401
    form = {"username": user.email, "password": PASSWORD}
    assert (await client.post("/auth/token", data=form)).status_code == 401

    changed = await client.patch(
        url, headers=admin_headers, json={"is_active": True, "is_superuser": True}
    )
    assert changed.status_code == 200
    assert (changed.json()["is_active"], changed.json()["is_superuser"]) == (True, True)
    promoted = await auth_headers(user)
    assert (await client.get("/users", headers=promoted)).status_code == 200

    # JSON true or false, nothing else.
    for flag in (None, "true", 1, "yes"):
        refused = await client.patch(url, headers=admin_headers, json={"is_active": flag})
        assert refused.status_code == 422, flag
    assert (await client.delete(url, headers=admin_headers)).status_code == 204
    assert (await client.get(url, headers=admin_headers)).status_code == 404
    assert (await client.delete(url, headers=admin_headers)).status_code == 404


async def test_administrators_cannot_demote_deactivate_or_delete_themselves(
    client: AsyncClient, make_user: MakeUser, auth_headers: AuthHeaders
) -> None:
    admin = await make_user(is_superuser=True)
    headers = await auth_headers(admin)
    url = f"/users/{admin.id}"
    for change in ({"is_active": False}, {"is_superuser": False}):
        response = await client.patch(url, headers=headers, json=change)
        assert response.status_code == 400, change
    assert (await client.delete(url, headers=headers)).status_code == 400
    renamed = await client.patch(url, headers=headers, json={"full_name": "Root"})
    assert renamed.json()["full_name"] == "Root"
    assert renamed.json()["is_superuser"] is True


async def test_user_ids_out_of_range_are_refused_not_failed(
    client: AsyncClient, make_user: MakeUser, auth_headers: AuthHeaders
) -> None:
    headers = await auth_headers(await make_user(is_superuser=True))
    for user_id in ("0", str(2**31), str(2**63), "me2"):
        for method in ("GET", "PATCH", "DELETE"):
            body = {"full_name": "x"} if method == "PATCH" else None
            response = await client.request(method, f"/users/{user_id}", headers=headers, json=body)
            assert response.status_code == 422, (method, user_id)
    missing = await client.get(f"/users/{2**31 - 1}", headers=headers)
    assert missing.status_code == 404
