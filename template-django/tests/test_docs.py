"""The OpenAPI schema is valid, and the docs pages work offline: every asset is local."""

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
    ("url", "marker"), [("/api/docs/", "SwaggerUIBundle"), ("/api/redoc/", "<redoc")]
)
def test_docs_render_with_local_assets(client: Client, url: str, marker: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert marker in html
    assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css|png))"', html)
    assert assets, "the page loads no scripts or styles"
    for asset in assets:
        assert asset.startswith("/static/"), f"{asset} is not served by this site"
        served = client.get(asset)
        assert served.status_code == 200, asset
        b"".join(served.streaming_content)  # type: ignore[attr-defined]
