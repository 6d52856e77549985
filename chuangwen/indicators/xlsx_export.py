"""Export an edition to the import format, and the empty template with one example row."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from openpyxl import Workbook

from chuangwen.indicators import rules
from chuangwen.indicators import xlsx_format as fmt
from chuangwen.indicators.models import ChecklistItem, Edition, IndexNode, NodeLevel, RuleKind, Standard
from chuangwen.lib.xlsx import new_workbook, write_notes, write_sheet
from chuangwen.sites.models import SiteType
from chuangwen.units.models import Unit, UnitKind


def _workbook(edition_row: list, tree_rows, item_rows) -> Workbook:
    workbook = new_workbook()
    write_notes(workbook, fmt.NOTES_SHEET, fmt.notes_lines())
    write_sheet(workbook, fmt.EDITION_SHEET, fmt.EDITION_COLUMNS, [edition_row])
    write_sheet(workbook, fmt.TREE_SHEET, fmt.TREE_COLUMNS, tree_rows)
    write_sheet(workbook, fmt.ITEM_SHEET, fmt.ITEM_COLUMNS, item_rows)
    workbook.active = workbook.sheetnames.index(fmt.TREE_SHEET)
    return workbook


def export_edition(edition: Edition) -> Workbook:
    """The whole edition in the import format: importing it again gives the same tree."""
    lookups = fmt.Lookups()
    nodes = list(IndexNode.objects.filter(edition=edition).order_by("sort_order", "code"))
    standards = list(
        Standard.objects.filter(edition=edition)
        .select_related("lead_unit")
        .prefetch_related("site_types", "responsible_units")
        .order_by("sort_order", "code")
    )
    items = (
        ChecklistItem.objects.filter(standard__edition=edition)
        .select_related("standard", "site_type")
        .order_by("standard__sort_order", "standard__code", "sort_order", "code")
    )
    edition_row = [edition.code, edition.name, edition.year, edition.notes]
    tree_rows = list(_tree_rows(nodes, standards, lookups))
    return _workbook(edition_row, tree_rows, [_item_row(i) for i in items])


def _tree_rows(nodes: list[IndexNode], standards: list[Standard], lookups: fmt.Lookups) -> Iterator[list]:
    children: dict[int | None, list[IndexNode]] = defaultdict(list)
    for node in nodes:
        children[node.parent_id].append(node)
    by_content: dict[int, list[Standard]] = defaultdict(list)
    for standard in standards:
        by_content[standard.content_id].append(standard)
    for category in children[None]:
        if category.level != NodeLevel.CATEGORY:
            continue
        yield from _below(category, [category.code, category.title], children, by_content, lookups)


def _below(node, prefix: list, children, by_content, lookups) -> Iterator[list]:
    if node.level == NodeLevel.CONTENT:
        rows = [prefix + _standard_cells(s, lookups) for s in by_content[node.pk]]
    else:
        rows = [
            r
            for child in children[node.pk]
            for r in _below(child, prefix + [child.code, child.title], children, by_content, lookups)
        ]
    yield from rows or [prefix]


def _standard_cells(standard: Standard, lookups: fmt.Lookups) -> list:
    return [
        standard.code,
        standard.text,
        standard.points,
        "、".join(fmt.method_word(m) for m in standard.methods),
        "、".join(st.name for st in standard.site_types.all()),
        fmt.yes_no(standard.negative_list),
        fmt.yes_no(standard.is_special),
        lookups.unit_label(standard.lead_unit) if standard.lead_unit else "",
        "、".join(lookups.unit_label(u) for u in standard.responsible_units.all()),
    ]


def _item_row(item: ChecklistItem) -> list:
    return [
        item.standard.code,
        item.code,
        item.site_type.name,
        item.text,
        fmt.rule_word(item.rule_kind),
        item.deduction_per if item.rule_kind == RuleKind.DEDUCTION else "",
        rules.format_grades(item.grade_thresholds) if item.rule_kind == RuleKind.GRADE else "",
        fmt.veto_word(item.veto_scope) if item.rule_kind == RuleKind.VETO else "",
    ]


def template_workbook() -> Workbook:
    """An empty workbook to fill in, with the notes sheet and one example row per sheet.

    The example names a site type and units of this installation when there are some, so that
    the template imports as it is."""
    site_type = SiteType.objects.filter(name="主次干道").first() or SiteType.objects.first()
    site_type_name = site_type.name if site_type else "主次干道"
    lead = Unit.objects.filter(kind=UnitKind.DEPARTMENT).order_by("path").first()
    district = Unit.objects.districts().order_by("path").first()
    lead_name = lead.name if lead else "市城管局"
    responsible = "、".join(u.name for u in (lead, district) if u) or "市城管局"
    edition_row = ["2026", "示范市测评体系（2026年版）", 2026, ""]
    tree_row = [
        "C01",
        "公共环境",
        "C01.01",
        "市容环境",
        "C01.01.01",
        "主次干道",
        "C01.01.01.01",
        "主次干道路面整洁，无乱扔垃圾、乱贴乱画、占道经营；每200米至少1处公益广告。",
        2,
        "实地考察",
        site_type_name,
        fmt.NO,
        fmt.NO,
        lead_name,
        responsible,
    ]
    item_row = [
        "C01.01.01.01",
        "C01.01.01.01-01",
        site_type_name,
        "每200米至少1处公益广告，缺1处扣2分",
        "按处扣分",
        2,
        "",
        "",
    ]
    return _workbook(edition_row, [tree_row], [item_row])
