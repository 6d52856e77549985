"""The office's service definitions: the Open311 attributes of a problem category (create, update,
delete). Office-only, atomic, audited."""

from __future__ import annotations

import re

from django.db import transaction
from django.utils.translation import gettext as _

from chuangwen.audit import services as audit
from chuangwen.citizens.models import LIST_DATATYPES, Datatype, ServiceAttribute
from chuangwen.lib.errors import DomainError, PermissionDenied
from chuangwen.problems.models import ProblemCategory
from chuangwen.units.models import OFFICE_ROLES

FIELDS = ["code", "datatype", "variable", "required", "datatype_description", "order", "description", "values"]
CODE_RE = re.compile(r"^[A-Za-z0-9_-]{1,50}$")
MAX_VALUES = 100


def _require_office(actor) -> None:
    if not (actor.is_authenticated and actor.is_active and actor.role in OFFICE_ROLES):
        raise PermissionDenied(_("只有文明办可以修改 Open311 附加信息"))


def parse_values(text: str) -> list[dict[str, str]]:
    """One option a line, "key=name" (or just "name": the key is its line number)."""
    values = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        key, sep, name = line.partition("=")
        key, name = (key.strip(), name.strip()) if sep else (str(number), line)
        values.append({"key": key, "name": name or key})
    return values


def values_text(values: list[dict]) -> str:
    return "\n".join(f"{v.get('key', '')}={v.get('name', '')}" for v in values or [])


def _check(attribute: ServiceAttribute) -> None:
    attribute.code = (attribute.code or "").strip()
    attribute.description = (attribute.description or "").strip()
    if not CODE_RE.match(attribute.code):
        raise DomainError(_("编码只能由字母、数字、下划线和短横线组成（最多 50 个）"), field="code")
    if attribute.datatype not in Datatype.values:
        raise DomainError(_("数据类型无效"), field="datatype")
    if not attribute.description:
        raise DomainError(_("请填写问题"), field="description")
    if not attribute.order or attribute.order < 1:
        raise DomainError(_("排序应为正整数"), field="order")
    others = ServiceAttribute.objects.filter(category_id=attribute.category_id).exclude(pk=attribute.pk)
    if others.filter(code=attribute.code).exists():
        raise DomainError(_("编码“%(code)s”已被使用") % {"code": attribute.code}, field="code")
    if others.filter(order=attribute.order).exists():
        raise DomainError(_("排序 %(n)s 已被使用") % {"n": attribute.order}, field="order")
    _check_values(attribute)
    if not attribute.variable:
        attribute.required = False


def _check_values(attribute: ServiceAttribute) -> None:
    if attribute.datatype not in LIST_DATATYPES:
        attribute.values = []
        return
    keys = [v["key"] for v in attribute.values]
    if not keys:
        raise DomainError(_("单选和多选需要至少一个可选值"), field="values")
    if len(keys) > MAX_VALUES:
        raise DomainError(_("可选值最多 %(n)s 个") % {"n": MAX_VALUES}, field="values")
    if len(set(keys)) != len(keys):
        raise DomainError(_("可选值的编码不能重复"), field="values")


def next_order(category: ProblemCategory) -> int:
    last = ServiceAttribute.objects.filter(category=category).order_by("-order").values_list("order", flat=True)
    return (last.first() or 0) + 1


@transaction.atomic
def create_attribute(actor, category: ProblemCategory, **fields) -> ServiceAttribute:
    _require_office(actor)
    attribute = ServiceAttribute(category=category, **fields)
    if not attribute.order:
        attribute.order = next_order(category)
    _check(attribute)
    attribute.save()
    audit.record(actor, "open311_attribute.created", attribute, after=audit.snapshot(attribute, FIELDS))
    return attribute


@transaction.atomic
def update_attribute(actor, attribute: ServiceAttribute, **fields) -> ServiceAttribute:
    _require_office(actor)
    attribute = ServiceAttribute.objects.select_for_update().get(pk=attribute.pk)
    before = audit.snapshot(attribute, FIELDS)
    for name, value in fields.items():
        setattr(attribute, name, value)
    _check(attribute)
    attribute.save()
    audit.record_changes(actor, "open311_attribute.updated", attribute, before, audit.snapshot(attribute, FIELDS))
    return attribute


@transaction.atomic
def delete_attribute(actor, attribute: ServiceAttribute) -> None:
    """Reports keep the values they were sent with; the question is no longer asked."""
    _require_office(actor)
    before = audit.snapshot(attribute, FIELDS)
    audit.record(actor, "open311_attribute.deleted", attribute, before=before)
    attribute.delete()
