"""Helpers for the Open311 tests: a public category with attributes of all six datatypes, a key,
and reading answers in both formats (XML parsed with xml.etree, element names as in the spec)."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

from chuangwen.citizens.open311 import attribute_services
from chuangwen.citizens.services import open311_keys
from chuangwen.citizens.services.settings import update_settings
from chuangwen.problems.models import ProblemCategory

BASE = "/open311/v2"
LIST_TAGS = {"services", "service_requests", "errors", "endpoints", "formats", "attributes", "values"}


def make_service(world, code: str = "sanitation") -> ProblemCategory:
    category = ProblemCategory.objects.create(
        code=code, name="环境卫生", description="暴露垃圾、卫生死角、垃圾外溢", default_unit=world.dept_a
    )
    add = attribute_services.create_attribute
    admin = world.office_admin
    add(admin, category, code="where", datatype="string", description="具体位置", order=1)
    add(admin, category, code="area", datatype="number", description="面积（平方米）", order=2, required=True)
    add(admin, category, code="seen_at", datatype="datetime", description="发现时间", order=3)
    add(admin, category, code="details", datatype="text", description="补充说明", order=4)
    add(admin, category, code="kind", datatype="singlevaluelist", description="垃圾种类", order=5, required=True,
        values=[{"key": "1", "name": "生活垃圾"}, {"key": "2", "name": "建筑垃圾"}])  # fmt: skip
    add(admin, category, code="smell", datatype="multivaluelist", description="现场情况", order=6,
        values=[{"key": "odor", "name": "有异味"}, {"key": "flies", "name": "蚊蝇"}, {"key": "water", "name": "污水"}])  # fmt: skip
    return category


def list_everything(world) -> None:
    """The city lists every report over Open311, as before the listing rule (not the default)."""
    update_settings(world.office_admin, open311_listing="all")


def make_key(world, **extra) -> tuple:
    return open311_keys.issue_key(world.office_staff, name="随手拍App", **extra)


def _xml_value(element: ET.Element):
    if element.tag in LIST_TAGS:
        return [_xml_value(child) for child in element]
    if len(element):
        return {child.tag: _xml_value(child) for child in element}
    return element.text or ""


def parse(response) -> object:
    """The answer as plain data; XML answers checked for the declaration and UTF-8."""
    body = response.content
    if response["Content-Type"].startswith("text/xml"):
        assert response["Content-Type"] == "text/xml; charset=utf-8"
        assert body.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
        root = ET.fromstring(body)
        return root.tag, _xml_value(root)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(body.decode("utf-8"))


def errors_of(response, fmt: str) -> list[dict]:
    data = parse(response)
    if fmt == "xml":
        tag, data = data
        assert tag == "errors"
    assert isinstance(data, list) and data
    for error in data:
        assert set(error) == {"code", "description"} and error["description"]
    return data


SPEC_POST_FIELDS = {
    "jurisdiction_id": "",
    "service_code": "sanitation",
    "lat": "30.600100",
    "long": "114.300100",
    "address_string": "东华路12号",
    "email": "smith@example.org",
    "device_id": "tt222111",
    "account_id": "123456",
    "first_name": "先生",
    "last_name": "王",
    "phone": "13912345678",
    "description": "人行道上有一堆建筑垃圾\n已经三天了",
    "media_url": "http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg",
    "attribute[area]": "3.5",
    "attribute[kind]": "2",
}
