"""A third-party Open311 client (the `georeport` package from PyPI) reading our answers in both
formats: its HTTP calls are routed to Django's test client, so its own URL building and parsing
run unchanged. Skipped where the package is not installed (it is not a project dependency)."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

from chuangwen.citizens.tests.open311_support import SPEC_POST_FIELDS, make_key, make_service

georeport = pytest.importorskip("georeport")
georeport_module = pytest.importorskip("georeport.georeport")

pytestmark = pytest.mark.django_db


class _Answer:
    def __init__(self, response):
        self.status_code = response.status_code
        self.content = response.content

    def raise_for_status(self):
        assert self.status_code < 400, self.content

    def json(self):
        return json.loads(self.content)


@pytest.fixture
def routed(client, monkeypatch):
    class Requests:
        @staticmethod
        def get(url, params=None, **_):
            return _Answer(client.get(urlsplit(url).path, params or {}))

    monkeypatch.setattr(georeport_module, "requests", Requests)


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_the_georeport_client_reads_everything(world, client, routed, fmt):
    make_service(world)
    _, secret = make_key(world)
    posted = client.post("/open311/v2/requests.json", SPEC_POST_FIELDS | {"api_key": secret})
    code = posted.json()[0]["service_request_id"]
    reader = georeport.GeoReport(
        "http://testserver/open311/v2/", jurisdiction="wenming.example.gov.cn", output_format=fmt
    )
    services = reader.get_service_list()
    service = services if isinstance(services, dict) else services[0]  # xmltodict: a single item is a dict
    assert service["service_code"] == "sanitation" and service["service_name"] == "环境卫生"
    definition = reader.get_service_definition("sanitation")
    assert definition["service_code"] == "sanitation" and definition["attributes"]
    assert reader.get_service_request(code)["service_request_id"] == code
    found = reader.get_service_requests(service_request_id=code, status="open")
    found = found if isinstance(found, dict) else found[0]
    assert found["service_request_id"] == code and found["status"] == "open"
