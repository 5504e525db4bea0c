import re

import pytest
from httpx import AsyncClient


async def test_openapi_describes_auth_errors_and_pagination(client: AsyncClient) -> None:
    response = await client.get("/openapi.json")
    assert response.status_code == 200
    schema = response.json()

    [scheme] = schema["components"]["securitySchemes"].values()
    assert scheme["type"] == "oauth2"
    assert scheme["flows"]["password"]["tokenUrl"] == "/auth/token"

    read_item = schema["paths"]["/items/{item_id}"]["get"]
    assert read_item["security"]
    for status in ("401", "404"):
        ref = read_item["responses"][status]["content"]["application/json"]["schema"]["$ref"]
        assert ref == "#/components/schemas/ErrorDetail"
    assert "422" in read_item["responses"]
    assert "429" in schema["paths"]["/auth/token"]["post"]["responses"]

    list_items = schema["paths"]["/items"]["get"]
    params = {p["name"]: p for p in list_items["parameters"]}
    assert params["limit"]["schema"]["maximum"] == 100
    assert params["offset"]["schema"]["minimum"] == 0
    page_ref = list_items["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    page = schema["components"]["schemas"][page_ref.rsplit("/", 1)[1]]
    assert set(page["properties"]) == {"items", "total", "limit", "offset"}


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
async def test_docs_pages_use_only_local_assets(client: AsyncClient, path: str) -> None:
    response = await client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    # The docs pages get their own policy: their scripts and styles, from this origin only.
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assets = re.findall(r'(?:src|href)="([^"]+)"', response.text)
    assert any(asset.endswith(".js") for asset in assets)
    for asset in assets:
        assert asset.startswith("/static/docs/"), asset
        fetched = await client.get(asset)
        assert fetched.status_code == 200, asset
        assert len(fetched.content) > 1000
    assert "https://" not in response.text
    assert "http://" not in response.text
