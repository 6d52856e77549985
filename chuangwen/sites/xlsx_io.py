"""The sites spreadsheet: its columns, the template, and the export (import: sites/importer.py).

Sheet "点位", one site a row: 编码, 名称, 点位类型 (name or code), 地址, 纬度, 经度, 属地单位
(code, exact name or "名称（编码）"), 包保单位 (the same, separated by 、), 路长, 路长电话,
启用 (是/否), 备注. An export reads back through the importer without changing anything.

The workbook is an interchange format with fixed Chinese sheet names, headers and example values,
whatever the language of the person's screen; the notes and error messages are translated.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook

from chuangwen.lib import xlsx
from chuangwen.sites.lookups import unit_label
from chuangwen.sites.models import Site, SiteResponsibility, SiteType
from chuangwen.sites.rules import LAT_RANGE, LNG_RANGE
from chuangwen.units.models import Unit

SHEET = "点位"
NOTES_SHEET = "填写说明"
TYPES_SHEET = "点位类型"
UNITS_SHEET = "单位"


def sheet_name() -> str:
    return SHEET


def columns() -> list[xlsx.Column]:
    return [
        xlsx.Column("code", "编码", 14, required=True),
        xlsx.Column("name", "名称", 24, required=True),
        xlsx.Column("site_type", "点位类型", 14, required=True),
        xlsx.Column("address", "地址", 30),
        xlsx.Column("lat", "纬度", 12, required=True),
        xlsx.Column("lng", "经度", 12, required=True),
        xlsx.Column("territorial_unit", "属地单位", 24, required=True),
        xlsx.Column("responsible_units", "包保单位", 30),
        xlsx.Column("road_chief_name", "路长", 10),
        xlsx.Column("road_chief_phone", "路长电话", 14),
        xlsx.Column("is_active", "启用", 8),
        xlsx.Column("notes", "备注", 30),
    ]


def notes() -> list[tuple[str, str]]:
    return [
        ("编码", _("必填，全市唯一，不超过 32 个字符。文件中已存在的编码将更新该点位，新编码将新建点位。")),
        ("名称", _("必填，不超过 100 个字符。")),
        ("点位类型", _("必填，填写点位类型的名称或编码，见“点位类型”工作表。")),
        ("地址", _("选填，不超过 200 个字符。")),
        (
            "纬度",
            _("必填，十进制度数，如 30.593100，应在 %(low)s 至 %(high)s 之间。")
            % {"low": LAT_RANGE[0], "high": LAT_RANGE[1]},
        ),
        (
            "经度",
            _("必填，十进制度数，如 114.305400，应在 %(low)s 至 %(high)s 之间。")
            % {"low": LNG_RANGE[0], "high": LNG_RANGE[1]},
        ),
        (
            "属地单位",
            _(
                "必填，填写属地单位（区县、街道、乡镇、社区、村、网格）的编码或全称；导出文件中写作“名称（编码）”，可直接导入。"
            ),
        ),
        ("包保单位", _("选填，可填写多个单位的编码或全称，用“、”分隔。")),
        ("路长", _("仅道路类点位可填写。")),
        ("路长电话", _("仅道路类点位可填写；填写电话时须同时填写路长。")),
        ("启用", _("填写“是”或“否”，留空视为“是”。")),
        ("备注", _("选填。")),
        (
            _("说明"),
            _(
                "文件中任何一行有错误时不会导入任何数据。更新点位时以文件内容为准：留空的单元格会清空原有内容，未出现的列保持不变。导入前请删除示例行。"
            ),
        ),
    ]


EXAMPLE_CODE = "示例-0001"


def template_workbook() -> Workbook:
    """An empty sites sheet with one example row, the notes, and reference lists."""
    workbook = xlsx.new_workbook()
    xlsx.write_sheet(workbook, sheet_name(), columns(), [_example_row()])
    xlsx.write_notes(workbook, NOTES_SHEET, notes())
    _write_reference_sheets(workbook)
    return workbook


def _example_row() -> list:
    site_type = SiteType.objects.active().filter(is_road=True).first() or SiteType.objects.active().first()
    unit = Unit.objects.active().territorial().filter(depth__gte=2).first()
    is_road = bool(site_type and site_type.is_road)
    return [
        EXAMPLE_CODE,
        "示例：人民路",
        site_type.name if site_type else "主次干道",
        "人民路（解放大道至中山路段）",
        30.5931,
        114.3054,
        unit_label(unit) if unit else "东华街道",
        "",
        "张三" if is_road else "",
        "13800000000" if is_road else "",
        True,
        "",
    ]


def _write_reference_sheets(workbook: Workbook) -> None:
    type_columns = [
        xlsx.Column("code", "编码", 14),
        xlsx.Column("name", "名称", 20),
        xlsx.Column("is_road", "道路类", 8),
    ]
    types = SiteType.objects.active().values_list("code", "name", "is_road")
    xlsx.write_sheet(workbook, TYPES_SHEET, type_columns, types)
    unit_columns = [
        xlsx.Column("code", "编码", 16),
        xlsx.Column("name", "名称", 30),
        xlsx.Column("kind", "类型", 12),
    ]
    units = Unit.objects.active().order_by("path")
    xlsx.write_sheet(workbook, UNITS_SHEET, unit_columns, ([u.code, u.name, u.get_kind_display()] for u in units))


def export_sheets(sites: QuerySet[Site]) -> list[xlsx.Sheet]:
    """The given sites in the import format (plus the notes), as sheets to stream."""
    notes_columns = [xlsx.Column("column", _("列"), 20), xlsx.Column("note", _("说明"), 90)]
    return [xlsx.Sheet(sheet_name(), columns(), export_rows(sites)), xlsx.Sheet(NOTES_SHEET, notes_columns, notes())]


def export_rows(sites: QuerySet[Site], chunk: int = xlsx.EXPORT_CHUNK) -> Iterator[list]:
    """One list per site, in column order, read in chunks: one query for the sites and one for the
    responsible units of each chunk, whatever the number of sites."""
    rows = sites.values_list(
        "pk", "code", "name", "site_type__name", "address", "lat", "lng",
        "territorial_unit__name", "territorial_unit__code",
        "road_chief_name", "road_chief_phone", "is_active", "notes",
    ).iterator(chunk_size=chunk)  # fmt: skip
    for row, responsible in xlsx.with_batch_lookup(rows, _responsible_labels, chunk):
        pk, code, name, type_name, address, lat, lng, unit_name, unit_code, chief, phone, active, note = row
        territorial = f"{unit_name}（{unit_code}）"
        responsible_units = responsible.get(pk, [])
        yield [code, name, type_name, address, lat, lng, territorial, responsible_units, chief, phone, active, note]


def _responsible_labels(rows: list[tuple]) -> dict[int, list[str]]:
    """The responsible units of these site rows (their first value is the site's id), by site."""
    labels: dict[int, list[str]] = defaultdict(list)
    pairs = (
        SiteResponsibility.objects.filter(site_id__in=[r[0] for r in rows])
        .order_by("unit__path")
        .values_list("site_id", "unit__name", "unit__code")
    )
    for site_id, name, code in pairs:
        labels[site_id].append(f"{name}（{code}）")
    return labels
