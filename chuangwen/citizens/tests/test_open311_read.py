"""Open311 GET endpoints in both formats: discovery, services, service definitions, errors."""

from __future__ import annotations

import pytest

from chuangwen.citizens.tests.open311_support import BASE, errors_of, make_service, parse
from chuangwen.problems.models import ProblemCategory

pytestmark = pytest.mark.django_db
FORMATS = ["xml", "json"]
SERVICE_FIELDS = {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
ATTRIBUTE_FIELDS = {
    "variable",
    "code",
    "datatype",
    "required",
    "datatype_description",
    "order",
    "description",
    "values",
}


def _unwrap(data, fmt, root):
    if fmt == "xml":
        tag, data = data
        assert tag == root
    return data


def _bool(value, fmt):
    if fmt == "xml":
        assert value in ("true", "false")
        return value == "true"
    assert isinstance(value, bool)
    return value


@pytest.mark.parametrize("fmt", FORMATS)
def test_discovery_names_the_endpoint_and_formats(client, fmt):
    response = client.get(f"{BASE}/discovery.{fmt}")
    assert response.status_code == 200
    data = _unwrap(parse(response), fmt, "discovery")
    assert set(data) == {"changeset", "description", "contact", "key_service", "endpoints"}
    assert "只列出文明办已受理的反映" in data["description"]
    (endpoint,) = data["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2"
    assert endpoint["type"] == "production" and endpoint["changeset"]
    assert endpoint["formats"] == ["text/xml", "application/json"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_services_are_the_public_active_categories(world, client, fmt):
    make_service(world)
    ProblemCategory.objects.create(code="plain", name="其他", sort_order=5)
    ProblemCategory.objects.create(code="internal", name="窗口服务", is_public=False)
    ProblemCategory.objects.create(code="old", name="旧类别", is_active=False)
    data = _unwrap(parse(client.get(f"{BASE}/services.{fmt}?jurisdiction_id=")), fmt, "services")
    by_code = {s["service_code"]: s for s in data}
    assert set(by_code) == {"sanitation", "plain"}
    for service in data:
        assert set(service) == SERVICE_FIELDS
        assert isinstance(service["service_code"], str) and service["type"] == "realtime"
    sanitation = by_code["sanitation"]
    assert _bool(sanitation["metadata"], fmt) is True and _bool(by_code["plain"]["metadata"], fmt) is False
    assert sanitation["service_name"] == "环境卫生" and sanitation["group"] == world.dept_a.name
    assert "暴露垃圾" in sanitation["keywords"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_service_definition_lists_six_datatypes(world, client, fmt):
    make_service(world)
    response = client.get(f"{BASE}/services/sanitation.{fmt}")
    assert response.status_code == 200
    data = _unwrap(parse(response), fmt, "service_definition")
    assert data["service_code"] == "sanitation"
    attributes = data["attributes"]
    assert [a["datatype"] for a in attributes] == [
        "string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"
    ]  # fmt: skip
    for attribute in attributes:
        assert set(attribute) == ATTRIBUTE_FIELDS
        assert _bool(attribute["variable"], fmt) is True
        assert int(attribute["order"]) >= 1
    kind = attributes[4]
    assert _bool(kind["required"], fmt) is True
    assert kind["values"] == [{"key": "1", "name": "生活垃圾"}, {"key": "2", "name": "建筑垃圾"}]
    if fmt == "json":
        assert attributes[0]["order"] == 1 and attributes[0]["values"] == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_service_code_is_404_with_the_spec_error(world, client, fmt):
    ProblemCategory.objects.create(code="internal", name="窗口服务", is_public=False)
    for code in ("nope", "internal"):
        response = client.get(f"{BASE}/services/{code}.{fmt}")
        assert response.status_code == 404
        (error,) = errors_of(response, fmt)
        assert str(error["code"]) == "404" and code in error["description"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_jurisdiction_is_checked_when_configured(world, client, settings, fmt):
    settings.OPEN311_JURISDICTION = "wenming.example.gov.cn"
    assert client.get(f"{BASE}/services.{fmt}?jurisdiction_id=wenming.example.gov.cn").status_code == 200
    assert client.get(f"{BASE}/services.{fmt}").status_code == 200
    response = client.get(f"{BASE}/services.{fmt}?jurisdiction_id=sfgov.org")
    assert response.status_code == 404 and "sfgov.org" in errors_of(response, fmt)[0]["description"]


def test_an_invalid_url_answers_400_in_the_asked_format(client):
    response = client.get(f"{BASE}/services.html")
    assert response.status_code == 400 and errors_of(response, "xml")
    response = client.post(f"{BASE}/nothing/here.json")
    assert response.status_code == 400 and errors_of(response, "json")


def test_the_index_page_documents_the_extensions(world, client):
    make_service(world)
    response = client.get(f"{BASE}/")
    assert response.status_code == 200
    assert "page_size" in response.content.decode() and "sanitation" in response.content.decode()
