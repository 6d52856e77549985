"""The OpenAPI schema and the docs page, which must work without the internet."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db

EXTERNAL = re.compile(r"""(?:https?:)?//(?!testserver)[a-z0-9.-]+\.[a-z]{2,}""", re.IGNORECASE)


def test_it_serves_the_docs_page_from_bundled_files(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert not EXTERNAL.search(html), EXTERNAL.search(html)
    assets = re.findall(r'(?:href|src)="([^"]+)"', html)
    assert len(assets) == 4
    for url in assets:
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert b"".join(asset.streaming_content)


def test_it_serves_only_the_swagger_files(client):
    assert client.get("/api/docs/assets/redoc.standalone.js.map").status_code == 404
    assert client.get("/api/docs/assets/..%2F__init__.py").status_code == 404


def test_it_serves_the_openapi_schema(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "chuangwen API"
    schemes = list(schema["components"]["securitySchemes"].values())
    assert {"type": "http", "scheme": "bearer"} in schemes
    assert {"type": "apiKey", "in": "cookie", "name": "sessionid"} in schemes
    assert "/api/problems" in schema["paths"]
    assert "/api/docs/assets/{name}" not in schema["paths"]


def test_every_operation_is_described(client):
    schema = client.get("/api/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            assert operation.get("summary"), where
            assert len(operation.get("description", "")) > 20, where
            assert "401" in operation["responses"], where
            assert any(code.startswith("2") for code in operation["responses"]), where


def test_create_documents_json_and_multipart_with_the_idempotency_key(client):
    operation = client.get("/api/openapi.json").json()["paths"]["/api/problems"]["post"]
    assert set(operation["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert "photos" in operation["requestBody"]["content"]["multipart/form-data"]["schema"]["properties"]
    assert "Idempotency-Key" in [p["name"] for p in operation["parameters"]]
