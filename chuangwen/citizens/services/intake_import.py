"""Importing 12345 hotline tickets, petitions (信访) and environmental-inspection transfers from an
XLSX sheet, one report a row, each through submit_report (so each keeps its channel and external
reference and waits in the triage queue).

Every bad cell is reported (row, column, message in Chinese); a file with any error imports
nothing. An external reference already registered for its channel, or given twice in the file,
is an error. The sheet and its headers are a fixed Chinese interchange format.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook

from chuangwen.audit import services as audit
from chuangwen.citizens.models import Channel, Report
from chuangwen.citizens.phones import InvalidPhone, normalize_phone
from chuangwen.citizens.services.intake import MAX_DESCRIPTION, STAFF_CHANNELS, submit_report
from chuangwen.lib import xlsx
from chuangwen.lib.errors import DomainError, PermissionDenied
from chuangwen.problems.models import ProblemCategory
from chuangwen.units.models import OFFICE_ROLES

SHEET = "登记"
NOTES_SHEET = "填写说明"
CATEGORIES_SHEET = "问题类别"
EXAMPLE_REF = "示例-12345-0001"
MAX_ROWS = 5000
# The channel column accepts the channel's Chinese name or its code.
CHANNEL_WORDS = {"12345热线": Channel.HOTLINE, "12345": Channel.HOTLINE, "热线": Channel.HOTLINE,
                 "信访": Channel.PETITION, "环保督察转办": Channel.ENVIRONMENT, "环保督察": Channel.ENVIRONMENT,
                 **{c.value: c for c in STAFF_CHANNELS}}  # fmt: skip


def columns() -> list[xlsx.Column]:
    return [
        xlsx.Column("channel", "渠道", 14, required=True),
        xlsx.Column("external_ref", "外部编号", 20, required=True),
        xlsx.Column("description", "问题描述", 40, required=True),
        xlsx.Column("category", "问题类别", 14),
        xlsx.Column("address", "地址", 30),
        xlsx.Column("lat", "纬度", 12),
        xlsx.Column("lng", "经度", 12),
        xlsx.Column("reporter_name", "反映人", 10),
        xlsx.Column("reporter_phone", "反映人电话", 14),
    ]


def notes() -> list[tuple[str, str]]:
    return [
        ("渠道", _("必填：12345热线、信访 或 环保督察转办。")),
        ("外部编号", _("必填：12345工单号、信访件编号或转办编号，同一渠道内不能与已登记的重复，文件内也不能重复。")),
        ("问题描述", _("必填，不超过 %(n)s 字。") % {"n": MAX_DESCRIPTION}),
        ("问题类别", _("选填：问题类别的名称或编码，见“问题类别”工作表。")),
        ("地址", _("地址和经纬度至少填写一项。")),
        ("纬度", _("选填，十进制度数，如 30.593100；须与经度同时填写。")),
        ("经度", _("选填，十进制度数，如 114.305400；须与纬度同时填写。")),
        ("反映人", _("选填。反映人姓名和电话仅文明办可见。")),
        ("反映人电话", _("选填。")),
        (_("说明"), _("文件中任何一行有错误时不会导入任何数据。导入前请删除示例行。")),
    ]


def template_workbook() -> Workbook:
    workbook = xlsx.new_workbook()
    example = ["12345热线", EXAMPLE_REF, "示例：人民路与中山路路口井盖缺失", "", "人民路与中山路路口", 30.5931,
               114.3054, "张三", "13800000000"]  # fmt: skip
    xlsx.write_sheet(workbook, SHEET, columns(), [example])
    xlsx.write_notes(workbook, NOTES_SHEET, notes())
    category_columns = [xlsx.Column("code", "编码", 14), xlsx.Column("name", "名称", 20)]
    categories = ProblemCategory.objects.filter(is_active=True).values_list("code", "name")
    xlsx.write_sheet(workbook, CATEGORIES_SHEET, category_columns, categories)
    return workbook


@dataclass
class Planned:
    row: int
    fields: dict


def _categories() -> dict[str, ProblemCategory]:
    found: dict[str, ProblemCategory] = {}
    for category in ProblemCategory.objects.filter(is_active=True):
        found[category.code.casefold()] = category
        found[category.name.casefold()] = category
    return found


def _position(row: xlsx.Row) -> tuple[Decimal | None, Decimal | None]:
    lat = row.decimal("lat")
    lng = row.decimal("lng")
    if lat is not None and not Decimal(-90) <= lat <= Decimal(90):
        row.error("lat", _("纬度应在 -90 至 90 之间"))
    if lng is not None and not Decimal(-180) <= lng <= Decimal(180):
        row.error("lng", _("经度应在 -180 至 180 之间"))
    if bool(row.text("lat")) != bool(row.text("lng")):
        row.error("lng" if row.text("lat") else "lat", _("经纬度须同时填写"))
    return lat, lng


def _plan_row(row: xlsx.Row, categories: dict, seen: dict) -> Planned | None:
    before = len(row.errors)
    channel = CHANNEL_WORDS.get(row.required_text("channel"))
    if row.text("channel") and channel is None:
        row.error(
            "channel", _("“%(value)s”不是有效的渠道（12345热线、信访、环保督察转办）") % {"value": row.text("channel")}
        )
    ref = row.required_text("external_ref")
    if ref == EXAMPLE_REF:
        row.error("external_ref", _("请删除模板中的示例行"))
    elif len(ref) > 64:
        row.error("external_ref", _("不能超过 64 个字符"))
    elif ref and channel and (channel, ref) in seen:
        row.error("external_ref", _("外部编号“%(ref)s”与第 %(row)s 行重复") % {"ref": ref, "row": seen[(channel, ref)]})
    elif ref and channel:
        seen[(channel, ref)] = row.number
    description = row.required_text("description")
    if len(description) > MAX_DESCRIPTION:
        row.error("description", _("不能超过 %(n)s 字") % {"n": MAX_DESCRIPTION})
    category = None
    if row.text("category"):
        category = categories.get(row.text("category").casefold())
        if category is None:
            row.error("category", _("问题类别“%(value)s”不存在或已停用") % {"value": row.text("category")})
    lat, lng = _position(row)
    address = row.text("address")
    if len(address) > 200:
        row.error("address", _("不能超过 200 个字符"))
    if not address and not row.text("lat") and not row.text("lng"):
        row.error("address", _("地址和经纬度至少填写一项"))
    try:
        phone = normalize_phone(row.text("reporter_phone"))
    except InvalidPhone as exc:
        phone = ""
        row.error("reporter_phone", exc.message)
    name = row.text("reporter_name")
    if len(name) > 50:
        row.error("reporter_name", _("不能超过 50 个字符"))
    if len(row.errors) > before:
        return None
    fields = {"channel": channel, "external_ref": ref, "description": description, "category": category,
              "address": address, "lat": lat, "lng": lng, "name": name, "phone": phone}  # fmt: skip
    return Planned(row.number, fields)


def _check_registered(planned: list[Planned], rows: dict[int, xlsx.Row]) -> None:
    """External references already registered for their channel (one query per channel)."""
    by_channel: dict[str, dict[str, int]] = {}
    for plan in planned:
        by_channel.setdefault(plan.fields["channel"], {})[plan.fields["external_ref"]] = plan.row
    for channel, refs in by_channel.items():
        taken = Report.objects.filter(channel=channel, external_ref__in=list(refs)).values_list(
            "external_ref", flat=True
        )
        for ref in taken:
            rows[refs[ref]].error("external_ref", _("外部编号“%(ref)s”已登记过") % {"ref": ref})


def import_reports(actor, uploaded) -> list[Report]:
    """Check the whole file, then register every row in one transaction; XlsxImportError lists
    every bad cell and nothing is registered."""
    if not (actor.is_authenticated and actor.is_active and actor.role in OFFICE_ROLES):
        raise PermissionDenied(_("只有文明办可以登记热线、信访和转办件"))
    workbook = xlsx.open_workbook(uploaded)
    errors: list[xlsx.CellError] = []
    rows = list(xlsx.read_sheet(workbook, SHEET, columns(), errors))
    if errors:
        raise xlsx.XlsxImportError(errors)
    if not rows:
        raise DomainError(_("文件中没有数据"), field="file")
    if len(rows) > MAX_ROWS:
        raise DomainError(_("一次最多导入 %(n)s 行") % {"n": MAX_ROWS}, field="file")
    categories, seen = _categories(), {}
    planned = [p for row in rows if (p := _plan_row(row, categories, seen)) is not None]
    _check_registered(planned, {row.number: row for row in rows})
    if errors:
        order = {column.header: index for index, column in enumerate(columns())}
        errors.sort(key=lambda e: (e.row, order.get(e.column, len(order))))
        raise xlsx.XlsxImportError(errors)
    return _register(actor, planned, {row.number: row for row in rows}, errors)


@transaction.atomic
def _register(actor, planned: list[Planned], rows: dict[int, xlsx.Row], errors: list) -> list[Report]:
    reports = []
    for plan in planned:
        try:
            reports.append(submit_report(actor=actor, **plan.fields))
        except DomainError as exc:  # a rule only the service knows: report it on its row, keep nothing
            rows[plan.row].error(_column_of(exc.field), str(exc.message))
    if errors:
        raise xlsx.XlsxImportError(errors)
    audit.record(actor, "report.imported", None, object_type="citizens.report", after={"count": len(reports)})
    return reports


def _column_of(field: str | None) -> str:
    return {"phone": "reporter_phone", "name": "reporter_name"}.get(field or "", field or "description")
