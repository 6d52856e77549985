"""The attribute[code] values of a POSTed service request, checked against the category's service
definition: required ones present, numbers parse, datetimes are ISO 8601, list values are among the
keys. Unknown codes are ignored (clients send their own extras). Every problem is reported at once."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from chuangwen.citizens.models import Datatype, ServiceAttribute

ATTRIBUTE_KEY = re.compile(r"^attribute\[([^\[\]]+)\](\[\d*\])?$")
MAX_STRING = 200
MAX_TEXT = 2000


def raw_attributes(data) -> dict[str, list[str]]:
    """attribute[code]=v, attribute[code][]=v1&attribute[code][]=v2 (a multivaluelist), attribute[code]
    repeated: {code: [values]} with empty values dropped."""
    found: dict[str, list[str]] = {}
    for key in data:
        match = ATTRIBUTE_KEY.match(key)
        if match:
            values = [v.strip() for v in data.getlist(key) if v and v.strip()]
            found.setdefault(match.group(1), []).extend(values)
    return found


def parse_when(value: str):
    """An ISO 8601 date or date-time (a time without zone is taken as local), or None."""
    value = value.strip()
    try:
        moment = parse_datetime(value)
    except ValueError:
        return None
    if moment is None:
        try:
            day = parse_date(value)
        except ValueError:
            return None
        if day is None:
            return None
        return day.isoformat()
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return timezone.localtime(moment).isoformat()


def _number(value: str):
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    return value if number.is_finite() else None


def _one(attribute: ServiceAttribute, values: list[str]) -> tuple[object, str]:
    """The clean value of one attribute, or ("", an error)."""
    name = attribute.code
    if attribute.datatype != Datatype.MULTI and len(values) > 1:
        return "", _("attribute[%(code)s] 只能填写一个值") % {"code": name}
    value = values[0] if values else ""
    if attribute.datatype == Datatype.STRING:
        if "\n" in value or "\r" in value or len(value) > MAX_STRING:
            return "", _("attribute[%(code)s] 应为不超过 %(n)s 字的单行文字") % {"code": name, "n": MAX_STRING}
        return value, ""
    if attribute.datatype == Datatype.TEXT:
        if len(value) > MAX_TEXT:
            return "", _("attribute[%(code)s] 不能超过 %(n)s 字") % {"code": name, "n": MAX_TEXT}
        return value, ""
    if attribute.datatype == Datatype.NUMBER:
        number = _number(value)
        return (number, "") if number is not None else ("", _("attribute[%(code)s] 应为数字") % {"code": name})
    if attribute.datatype == Datatype.DATETIME:
        when = parse_when(value)
        if when is None:
            return "", _("attribute[%(code)s] 应为 ISO 8601 日期时间，例如 2026-11-27T10:00:00+08:00") % {"code": name}
        return when, ""
    keys = attribute.value_names()
    unknown = [v for v in values if v not in keys]
    if unknown:
        return "", _("attribute[%(code)s] 的值 %(values)s 不在可选值中") % {"code": name, "values": ", ".join(unknown)}
    return (list(dict.fromkeys(values)) if attribute.datatype == Datatype.MULTI else value), ""


def clean_attributes(attributes: list[ServiceAttribute], raw: dict[str, list[str]]) -> tuple[dict, list[str]]:
    """The values to keep with the report ({code: value or [values]}) and the errors, if any."""
    clean: dict = {}
    errors: list[str] = []
    for attribute in attributes:
        if not attribute.variable:
            continue
        values = raw.get(attribute.code, [])
        if not values:
            if attribute.required:
                errors.append(_("缺少必填的 attribute[%(code)s]（%(what)s）") % {"code": attribute.code,
                                                                          "what": attribute.description})  # fmt: skip
            continue
        value, error = _one(attribute, values)
        if error:
            errors.append(error)
        else:
            clean[attribute.code] = value
    return clean, errors
