"""Brute-force protection: django-axes locks an account + IP after repeated failures."""

import pytest
from django.conf import settings
from django.test import Client
from rest_framework.test import APIClient

from .conftest import PASSWORD


@pytest.mark.usefixtures("user")
def test_login_page_locks_out_after_repeated_failures(client: Client) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(
            "/accounts/login/", {"username": "alice@example.com", "password": "wrong"}
        )
        assert response.status_code == 200
    response = client.post("/accounts/login/", {"username": "alice@example.com", "password": "x"})
    assert response.status_code == 429
    # Locked out: even the right password is refused now.
    response = client.post(
        "/accounts/login/", {"username": "ALICE@example.com", "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.usefixtures("user", "other_user")
def test_lockout_is_per_account(client: Client) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "alice@example.com", "password": "wrong"})
    response = client.post(
        "/accounts/login/", {"username": "bob@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302


@pytest.mark.usefixtures("user")
def test_token_endpoint_locks_out_too(api_client: APIClient) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = api_client.post(
            "/api/token/", {"email": "alice@example.com", "password": "wrong"}, format="json"
        )
        assert response.status_code in (401, 429)
    response = api_client.post(
        "/api/token/", {"email": "alice@example.com", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 429
    assert "access" not in response.json()
