"""The OpenAPI schema is valid and complete, and the docs pages work offline: every asset is
local, under a Content-Security-Policy."""

import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client


def test_schema_is_valid_openapi(tmp_path: Path) -> None:
    schema = tmp_path / "schema.yml"
    # --validate checks against the OpenAPI 3 JSON schema; --fail-on-warn turns any
    # drf-spectacular warning (an unresolvable type, ...) into a failure.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(schema))
    text = schema.read_text()
    assert text.startswith("openapi: 3.")
    assert "/api/notes/{id}/:" in text
    assert "jwtAuth" in text


@pytest.mark.django_db
def test_schema_endpoint(client: Client) -> None:
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert "/api/notes/" in response.json()["paths"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "marker"), [("/api/docs/", "swagger-ui"), ("/api/redoc/", "<redoc")]
)
def test_docs_render_with_local_assets(client: Client, url: str, marker: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert marker in html
    assert "googleapis" not in html
    assert "//" not in "".join(re.findall(r'(?:src|href)="([^"]+)"', html)), "an asset elsewhere"
    assets = re.findall(r'(?:src|href)="([^"]+(?:\.(?:js|css|png)|\?script=))"', html)
    assert assets, "the page loads no scripts or styles"
    for asset in assets:
        assert asset.startswith("/"), f"{asset} is not served by this site"
        served = client.get(asset)
        assert served.status_code == 200, asset
        content = served.getvalue()
        assert b"cdn.redoc.ly" not in content, asset
        assert b"fonts.googleapis.com" not in content, asset
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "https:" not in csp


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/admin/login/", "/health/"])
def test_every_page_sends_a_content_security_policy(client: Client, url: str) -> None:
    csp = client.get(url)["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp


def test_every_error_an_operation_gives_is_documented(tmp_path: Path) -> None:
    schema_file = tmp_path / "schema.json"
    call_command("spectacular", "--format", "openapi-json", "--file", str(schema_file))
    schema = json.loads(schema_file.read_text())
    notes = schema["paths"]["/api/notes/{id}/"]
    for method in ("get", "put", "patch", "delete"):
        assert {"401", "404"} <= set(notes[method]["responses"]), method
    assert {"400", "401"} <= set(schema["paths"]["/api/notes/"]["post"]["responses"])
    assert {"400", "401", "429"} <= set(schema["paths"]["/api/token/"]["post"]["responses"])
