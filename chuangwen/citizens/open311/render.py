"""Writing Open311 answers as XML or JSON from one plain structure.

The structure is what the JSON answer is (the spec's JSON follows its XML by the Spark convention):
a list at the root for services, service requests and errors, an object for discovery and a
service definition. The XML answer names the root element and, for every list, the element of
each item (services/service, endpoints/endpoint, values/value...). Codes and ids are strings.
"""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

from django.http import HttpResponse

from chuangwen.lib.text import clean_text

FORMATS = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}
ITEM_TAGS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
    "attributes": "attribute",
    "values": "value",
}
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return clean_text(str(value))  # what XML 1.0 cannot carry


def _fill(element: ET.Element, value) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _fill(ET.SubElement(element, key), child)
    elif isinstance(value, list):
        tag = ITEM_TAGS[element.tag]
        for item in value:
            _fill(ET.SubElement(element, tag), item)
    else:
        element.text = _text(value)


def to_xml(root: str, data) -> bytes:
    element = ET.Element(root)
    _fill(element, data)
    return XML_DECLARATION + ET.tostring(element, encoding="unicode").encode("utf-8")


def to_json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def respond(fmt: str, root: str, data, status: int = 200) -> HttpResponse:
    body = to_xml(root, data) if fmt == "xml" else to_json(data)
    return HttpResponse(body, status=status, content_type=FORMATS.get(fmt, FORMATS["xml"]))
