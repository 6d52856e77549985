"""Every write to the index system, each checked, atomic and with one audit event."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from chuangwen.audit import services as audit
from chuangwen.indicators import rules
from chuangwen.indicators.models import ChecklistItem, Edition, IndexNode, Method, NodeLevel, Standard
from chuangwen.lib.errors import DomainError, PermissionDenied
from chuangwen.units.models import User

EDITION_FIELDS = ["code", "name", "year", "notes", "is_active"]
NODE_FIELDS = ["edition", "level", "parent", "code", "title", "sort_order"]
STANDARD_FIELDS = [
    "edition",
    "content",
    "code",
    "text",
    "points",
    "methods",
    "site_types",
    "negative_list",
    "is_special",
    "lead_unit",
    "responsible_units",
    "sort_order",
]
RESPONSIBILITY_FIELDS = ["lead_unit", "responsible_units"]
ITEM_FIELDS = [
    "standard",
    "site_type",
    "code",
    "text",
    "rule_kind",
    "deduction_per",
    "grade_thresholds",
    "veto_scope",
    "sort_order",
]
UNSET: Any = object()


def require_office(actor: User | None) -> None:
    if not (actor and actor.is_authenticated and actor.is_office):
        raise PermissionDenied(_("只有文明办工作人员可以维护测评体系"))


def _clean(obj: models.Model, exclude: Iterable[str] = ()) -> None:
    """Model validation (lengths, choices) as a DomainError naming the first bad field."""
    try:
        obj.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise DomainError(messages[0], field=None if field == "__all__" else field) from None


# --- editions ------------------------------------------------------------------------------------


def _check_edition(edition: Edition) -> None:
    edition.code = rules.check_text(edition.code, "code", _("版本编码"))
    edition.name = rules.check_text(edition.name, "name", _("名称"))
    if not isinstance(edition.year, int) or not 1990 <= edition.year <= 2100:
        raise DomainError(_("年份应在 1990 到 2100 之间"), field="year")
    if Edition.objects.filter(code=edition.code).exclude(pk=edition.pk).exists():
        raise DomainError(_("版本编码“%(code)s”已存在") % {"code": edition.code}, field="code")
    _clean(edition)


@transaction.atomic
def create_edition(actor: User, *, code: str, name: str, year: int, notes: str = "") -> Edition:
    require_office(actor)
    edition = Edition(code=code, name=name, year=year, notes=notes or "", is_active=False)
    _check_edition(edition)
    edition.save()
    audit.record(actor, "edition.created", edition, after=audit.snapshot(edition, EDITION_FIELDS))
    return edition


@transaction.atomic
def update_edition(actor: User, edition: Edition, reason: str = "", **fields: Any) -> Edition:
    require_office(actor)
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    before = audit.snapshot(edition, EDITION_FIELDS)
    for name in fields:
        if name not in ("code", "name", "year", "notes"):
            raise DomainError(_("不能修改字段“%(f)s”") % {"f": name}, field=name)
        setattr(edition, name, fields[name])
    _check_edition(edition)
    edition.save()
    audit.record_changes(
        actor, "edition.updated", edition, before, audit.snapshot(edition, EDITION_FIELDS), reason=reason
    )
    return edition


@transaction.atomic
def activate_edition(actor: User, edition: Edition) -> Edition:
    """Make this edition the one active edition; the previously active one is switched off."""
    require_office(actor)
    editions = list(Edition.objects.select_for_update().filter(models.Q(is_active=True) | models.Q(pk=edition.pk)))
    edition = next((e for e in editions if e.pk == edition.pk), None)
    if edition is None:
        raise DomainError(_("版本不存在"))
    if edition.is_active:
        return edition
    previous = next((e for e in editions if e.is_active), None)
    Edition.objects.filter(is_active=True).update(is_active=False)
    edition.is_active = True
    edition.save(update_fields=["is_active"])
    audit.record(
        actor,
        "edition.activated",
        edition,
        before={"active_edition": previous.pk if previous else None},
        after={"active_edition": edition.pk},
    )
    return edition


# --- tree nodes ----------------------------------------------------------------------------------


def _check_node(node: IndexNode) -> None:
    if node.level not in NodeLevel.values:
        raise DomainError(_("未知的节点层级"), field="level")
    if node.level == NodeLevel.CATEGORY:
        if node.parent_id is not None:
            raise DomainError(_("测评项目不能有上级节点"), field="parent")
    else:
        parent = node.parent
        wanted = NodeLevel(node.level - 1).label
        if parent is None or parent.edition_id != node.edition_id or parent.level != node.level - 1:
            raise DomainError(_("上级节点必须是同一版本的%(level)s") % {"level": wanted}, field="parent")
    node.code = rules.check_text(node.code, "code", _("编码"))
    node.title = rules.check_text(node.title, "title", _("名称"))
    if IndexNode.objects.filter(edition_id=node.edition_id, code=node.code).exclude(pk=node.pk).exists():
        raise DomainError(_("编码“%(code)s”在本版本中已存在") % {"code": node.code}, field="code")
    _clean(node, exclude=["edition", "parent"])


@transaction.atomic
def create_node(
    actor: User,
    edition: Edition,
    *,
    level: int,
    code: str,
    title: str,
    parent: IndexNode | None = None,
    sort_order: int = 0,
) -> IndexNode:
    require_office(actor)
    node = IndexNode(edition=edition, level=level, parent=parent, code=code, title=title, sort_order=sort_order)
    _check_node(node)
    node.save()
    audit.record(actor, "index_node.created", node, after=audit.snapshot(node, NODE_FIELDS))
    return node


@transaction.atomic
def update_node(actor: User, node: IndexNode, reason: str = "", **fields: Any) -> IndexNode:
    require_office(actor)
    node = IndexNode.objects.select_for_update().get(pk=node.pk)
    before = audit.snapshot(node, NODE_FIELDS)
    for name, value in fields.items():
        if name not in ("code", "title", "sort_order", "parent"):
            raise DomainError(_("不能修改字段“%(f)s”") % {"f": name}, field=name)
        setattr(node, name, value)
    _check_node(node)
    node.save()
    audit.record_changes(actor, "index_node.updated", node, before, audit.snapshot(node, NODE_FIELDS), reason=reason)
    return node


@transaction.atomic
def delete_node(actor: User, node: IndexNode, reason: str = "") -> None:
    """Delete an empty node; a node with children or standards must be emptied first."""
    require_office(actor)
    node = IndexNode.objects.select_for_update().get(pk=node.pk)
    if node.children.exists() or node.standards.exists():
        raise DomainError(_("该节点下还有下级节点或测评标准，请先删除它们"))
    before = audit.snapshot(node, NODE_FIELDS)
    audit.record(actor, "index_node.deleted", node, before=before, reason=reason)
    node.delete()


# --- standards -----------------------------------------------------------------------------------


def _check_standard(standard: Standard, site_types: list, responsible_units: list) -> None:
    content = standard.content if standard.content_id else None
    if content is None or content.level != NodeLevel.CONTENT or content.edition_id != standard.edition_id:
        raise DomainError(_("测评标准必须挂在同一版本的测评内容之下"), field="content")
    standard.code = rules.check_text(standard.code, "code", _("编码"))
    standard.text = rules.check_text(standard.text, "text", _("测评标准"))
    standard.points = rules.check_points(standard.points)
    standard.methods = rules.check_methods(standard.methods)
    rules.check_site_types(standard.methods, site_types)
    _check_units(standard.lead_unit, responsible_units)
    others = Standard.objects.filter(edition_id=standard.edition_id, code=standard.code).exclude(pk=standard.pk)
    if others.exists():
        raise DomainError(_("标准编码“%(code)s”在本版本中已存在") % {"code": standard.code}, field="code")
    _clean(standard, exclude=["edition", "content", "lead_unit", "methods"])


def _check_units(lead_unit, responsible_units: list) -> None:
    rules.check_unit(lead_unit, "lead_unit")
    for unit in responsible_units:
        rules.check_unit(unit, "responsible_units")


def _check_items_still_fit(standard: Standard, site_types: list) -> None:
    """Refuse to take away a site type (or the field method) that checklist items still use."""
    items = standard.checklist_items.select_related("site_type")
    if Method.FIELD not in standard.methods and items.exists():
        raise DomainError(_("该标准还有考察要求，不能取消“实地考察”"), field="methods")
    kept = {st.pk for st in site_types}
    orphaned = sorted({i.site_type.name for i in items if i.site_type_id not in kept})
    if orphaned:
        raise DomainError(
            _("以下点位类型还有考察要求，不能移除：%(names)s") % {"names": "、".join(orphaned)}, field="site_types"
        )


@transaction.atomic
def create_standard(
    actor: User,
    content: IndexNode,
    *,
    code: str,
    text: str,
    points: Any,
    methods: Iterable[str],
    site_types: Iterable = (),
    negative_list: bool = False,
    is_special: bool = False,
    lead_unit=None,
    responsible_units: Iterable = (),
    sort_order: int = 0,
) -> Standard:
    require_office(actor)
    site_types, responsible_units = list(site_types), list(responsible_units)
    standard = Standard(
        edition_id=content.edition_id,
        content=content,
        code=code,
        text=text,
        points=points,
        methods=list(methods or ()),
        negative_list=negative_list,
        is_special=is_special,
        lead_unit=lead_unit,
        sort_order=sort_order,
    )
    _check_standard(standard, site_types, responsible_units)
    standard.save()
    standard.site_types.set(site_types)
    standard.responsible_units.set(responsible_units)
    audit.record(actor, "standard.created", standard, after=audit.snapshot(standard, STANDARD_FIELDS))
    return standard


@transaction.atomic
def update_standard(actor: User, standard: Standard, reason: str = "", **fields: Any) -> Standard:
    require_office(actor)
    standard = Standard.objects.select_for_update().get(pk=standard.pk)
    before = audit.snapshot(standard, STANDARD_FIELDS)
    site_types = list(fields.pop("site_types", standard.site_types.all()))
    responsible_units = list(fields.pop("responsible_units", standard.responsible_units.all()))
    editable = {"content", "code", "text", "points", "methods", "negative_list", "is_special", "lead_unit"}
    for name, value in fields.items():
        if name not in editable | {"sort_order"}:
            raise DomainError(_("不能修改字段“%(f)s”") % {"f": name}, field=name)
        setattr(standard, name, list(value) if name == "methods" else value)
    _check_standard(standard, site_types, responsible_units)
    _check_items_still_fit(standard, site_types)
    standard.save()
    standard.site_types.set(site_types)
    standard.responsible_units.set(responsible_units)
    audit.record_changes(
        actor, "standard.updated", standard, before, audit.snapshot(standard, STANDARD_FIELDS), reason=reason
    )
    return standard


@transaction.atomic
def set_responsibility(
    actor: User, standard: Standard, *, lead_unit=None, responsible_units: Iterable = (), reason: str = ""
) -> Standard:
    """Name the lead unit (牵头单位) and the responsible units (责任单位) of a standard."""
    require_office(actor)
    standard = Standard.objects.select_for_update().get(pk=standard.pk)
    responsible_units = list(responsible_units)
    _check_units(lead_unit, responsible_units)
    before = audit.snapshot(standard, RESPONSIBILITY_FIELDS)
    standard.lead_unit = lead_unit
    standard.save(update_fields=["lead_unit"])
    standard.responsible_units.set(responsible_units)
    audit.record_changes(
        actor,
        "standard.responsibility_set",
        standard,
        before,
        audit.snapshot(standard, RESPONSIBILITY_FIELDS),
        reason=reason,
    )
    return standard


@transaction.atomic
def delete_standard(actor: User, standard: Standard, reason: str = "") -> None:
    """Delete a standard with its checklist items (recorded in the one audit event)."""
    require_office(actor)
    standard = Standard.objects.select_for_update().get(pk=standard.pk)
    before = audit.snapshot(standard, STANDARD_FIELDS)
    before["checklist_items"] = list(standard.checklist_items.values_list("code", flat=True))
    audit.record(actor, "standard.deleted", standard, before=before, reason=reason)
    try:
        with transaction.atomic():
            standard.delete()
    except ProtectedError:
        raise DomainError(_("该标准已被督查或评分记录引用，不能删除")) from None


# --- checklist items -----------------------------------------------------------------------------


def _check_item(item: ChecklistItem, rule: dict[str, Any]) -> None:
    standard = item.standard
    if item.site_type_id is None:
        raise DomainError(_("请选择点位类型"), field="site_type")
    if not standard.site_types.filter(pk=item.site_type.pk).exists():
        raise DomainError(
            _("点位类型“%(name)s”不在该标准的点位类型中") % {"name": item.site_type.name}, field="site_type"
        )
    item.code = rules.check_text(item.code, "code", _("编码"))
    item.text = rules.check_text(item.text, "text", _("考察要求"))
    if ChecklistItem.objects.filter(standard=standard, code=item.code).exclude(pk=item.pk).exists():
        raise DomainError(_("编码“%(code)s”在该标准中已存在") % {"code": item.code}, field="code")
    for name, value in rules.check_rule(**rule).items():
        setattr(item, name, value)
    _clean(item, exclude=["standard", "site_type"])


def _rule_of(values: dict[str, Any], item: ChecklistItem | None = None) -> dict[str, Any]:
    names = ("rule_kind", "deduction_per", "grade_thresholds", "veto_scope")
    return {n: values.pop(n) if n in values else getattr(item, n, None) for n in names}


@transaction.atomic
def create_checklist_item(
    actor: User, standard: Standard, *, site_type, code: str, text: str, sort_order: int = 0, **rule: Any
) -> ChecklistItem:
    """Rule keywords: rule_kind (default pass rate), deduction_per, grade_thresholds, veto_scope."""
    require_office(actor)
    rule.setdefault("rule_kind", "pass_rate")
    item = ChecklistItem(standard=standard, site_type=site_type, code=code, text=text, sort_order=sort_order)
    _check_item(item, _rule_of(rule))
    if rule:
        raise DomainError(_("不能设置字段“%(f)s”") % {"f": next(iter(rule))})
    item.save()
    audit.record(actor, "checklist_item.created", item, after=audit.snapshot(item, ITEM_FIELDS))
    return item


@transaction.atomic
def update_checklist_item(actor: User, item: ChecklistItem, reason: str = "", **fields: Any) -> ChecklistItem:
    require_office(actor)
    item = ChecklistItem.objects.select_for_update().select_related("standard").get(pk=item.pk)
    before = audit.snapshot(item, ITEM_FIELDS)
    rule = _rule_of(fields, item)
    for name, value in fields.items():
        if name not in ("site_type", "code", "text", "sort_order"):
            raise DomainError(_("不能修改字段“%(f)s”") % {"f": name}, field=name)
        setattr(item, name, value)
    _check_item(item, rule)
    item.save()
    audit.record_changes(
        actor, "checklist_item.updated", item, before, audit.snapshot(item, ITEM_FIELDS), reason=reason
    )
    return item


@transaction.atomic
def delete_checklist_item(actor: User, item: ChecklistItem, reason: str = "") -> None:
    require_office(actor)
    item = ChecklistItem.objects.select_for_update().get(pk=item.pk)
    audit.record(actor, "checklist_item.deleted", item, before=audit.snapshot(item, ITEM_FIELDS), reason=reason)
    try:
        with transaction.atomic():
            item.delete()
    except ProtectedError:
        raise DomainError(_("该考察要求已被督查记录引用，不能删除")) from None
