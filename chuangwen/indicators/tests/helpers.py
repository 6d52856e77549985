"""Helpers of the index tests: counting rows, building uploads, a canonical dump of an edition."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from chuangwen.audit.models import AuditEvent
from chuangwen.indicators.models import ChecklistItem, Edition, IndexNode, Standard


def counts() -> tuple[int, ...]:
    """Rows of every index table and of the audit trail, to prove that nothing changed."""
    return tuple(model.objects.count() for model in (Edition, IndexNode, Standard, ChecklistItem, AuditEvent))


def xlsx_upload(sheets: dict[str, list[list]], name: str = "index.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def _number(value: Any) -> str:
    """Numbers as their normalized decimal text (1, 1.0 and 1.00 are the same); other values as text."""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return format(Decimal(str(value)).normalize(), "f")
    return str(value)


def canonical_dump(edition: Edition) -> list[Any]:
    """The whole tree of an edition in order, without ids: codes, titles, texts, points, methods,
    site types, flags, units, checklist items and their rules."""

    def node(n: IndexNode) -> dict[str, Any]:
        children = sorted(n.children.all(), key=lambda c: (c.sort_order, c.code))
        return {
            "level": n.level,
            "code": n.code,
            "title": n.title,
            "children": [node(c) for c in children],
            "standards": [standard(s) for s in n.standards.order_by("sort_order", "code")],
        }

    def standard(s: Standard) -> dict[str, Any]:
        return {
            "code": s.code,
            "text": s.text,
            "points": str(s.points.normalize()),
            "methods": sorted(s.methods),
            "site_types": sorted(st.code for st in s.site_types.all()),
            "negative_list": s.negative_list,
            "is_special": s.is_special,
            "lead_unit": s.lead_unit.code if s.lead_unit else None,
            "responsible_units": sorted(u.code for u in s.responsible_units.all()),
            "items": [item(i) for i in s.checklist_items.order_by("sort_order", "code")],
        }

    def item(i: ChecklistItem) -> dict[str, Any]:
        return {
            "code": i.code,
            "site_type": i.site_type.code,
            "text": i.text,
            "rule_kind": i.rule_kind,
            "deduction_per": str(i.deduction_per.normalize()) if i.deduction_per is not None else None,
            "grade_thresholds": [{k: _number(v) for k, v in t.items()} for t in i.grade_thresholds],
            "veto_scope": i.veto_scope,
        }

    roots = edition.nodes.filter(parent__isnull=True).order_by("sort_order", "code")
    return [node(n) for n in roots]
