"""Staff intake by XLSX: the template, a clean file, and every bad cell reported with nothing imported."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from chuangwen.audit.models import AuditEvent
from chuangwen.citizens import services
from chuangwen.citizens.models import Channel, Report
from chuangwen.citizens.services.intake_import import SHEET, columns, import_reports
from chuangwen.citizens.tests.pages_support import make_category
from chuangwen.lib.errors import PermissionDenied
from chuangwen.lib.xlsx import XLSX_CONTENT_TYPE, XlsxImportError

pytestmark = pytest.mark.django_db

NOT_OFFICE = ["district_officer", "handler", "unit_head", "outsider", "inspector", "leader", "grid_worker"]
HEADERS = [c.header for c in columns()]


def _xlsx(rows, headers=HEADERS, sheet=SHEET) -> SimpleUploadedFile:
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("登记.xlsx", buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)


def _row(ref="12345-1001", channel="12345热线", description="井盖缺失", category="", address="人民路1号", lat=None,
         lng=None, name="张三", phone="13800000000"):  # fmt: skip
    return [channel, ref, description, category, address, lat, lng, name, phone]


def _errors(exc: XlsxImportError) -> list[tuple[int, str, str]]:
    return [(e.row, e.column, e.message) for e in exc.errors]


def test_the_template_downloads_with_its_sheets(world, client_for):
    make_category()
    response = client_for(world.office_staff).get(reverse("citizens:import_template"))
    assert response.status_code == 200 and response["Content-Type"] == XLSX_CONTENT_TYPE
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [SHEET, "填写说明", "问题类别"]
    header = [c.value for c in workbook[SHEET][1]]
    assert header[:3] == ["渠道*", "外部编号*", "问题描述*"]
    assert [c.value for c in workbook["问题类别"][2]] == ["SR", "市容环境"]


def test_a_clean_file_registers_every_row(world):
    category = make_category()
    rows = [
        _row(category="市容环境"),
        _row("XF-9", "信访", "楼道堆物", category="SR", address="", lat=30.6, lng=114.3, phone=""),
        _row("HB-3", "环保督察转办", "河道排污"),
    ]
    reports = import_reports(world.office_staff, _xlsx(rows))
    assert [(r.channel, r.external_ref) for r in reports] == [
        (Channel.HOTLINE, "12345-1001"), (Channel.PETITION, "XF-9"), (Channel.ENVIRONMENT, "HB-3")
    ]  # fmt: skip
    assert reports[0].category == category and reports[1].lat is not None
    assert all(r.created_by == world.office_staff for r in reports)
    assert AuditEvent.objects.filter(event_type="report.imported").get().after == {"count": 3}


def test_every_bad_cell_is_reported_and_nothing_imported(world):
    services.submit_report(
        channel=Channel.HOTLINE,
        description="旧工单",
        address="某路",
        external_ref="12345-OLD",
        actor=world.office_staff,
    )
    events, reports = AuditEvent.objects.count(), Report.objects.count()
    rows = [
        _row(),  # fine on its own
        _row("12345-1001"),  # the same reference again in the file
        _row("12345-OLD"),  # already registered
        _row("X-1", channel="微博"),
        _row("X-2", description=""),
        _row("X-3", category="不存在的类别"),
        _row("X-4", address="", lat=None, lng=None),
        _row("X-5", lat=30.6, lng=None),
        _row("X-6", lat="北纬", lng=114.3),
        _row("X-7", phone="电话号码"),
        _row("", channel="信访"),
        _row("示例-12345-0001"),
    ]
    with pytest.raises(XlsxImportError) as refused:
        import_reports(world.office_staff, _xlsx(rows))
    assert _errors(refused.value) == [
        (3, "外部编号", "外部编号“12345-1001”与第 2 行重复"),
        (4, "外部编号", "外部编号“12345-OLD”已登记过"),
        (5, "渠道", "“微博”不是有效的渠道（12345热线、信访、环保督察转办）"),
        (6, "问题描述", "不能为空"),
        (7, "问题类别", "问题类别“不存在的类别”不存在或已停用"),
        (8, "地址", "地址和经纬度至少填写一项"),
        (9, "经度", "经纬度须同时填写"),
        (10, "纬度", "“北纬”不是有效的数字"),
        (11, "反映人电话", "手机号格式不正确：请填写11位手机号，或带区号的固定电话"),
        (12, "外部编号", "不能为空"),
        (13, "外部编号", "请删除模板中的示例行"),
    ]
    assert str(refused.value.errors[0]) == "工作表“登记”第 3 行“外部编号”列：外部编号“12345-1001”与第 2 行重复"
    assert Report.objects.count() == reports and AuditEvent.objects.count() == events


def test_a_missing_column_or_sheet_is_reported(world):
    with pytest.raises(XlsxImportError) as refused:
        import_reports(world.office_staff, _xlsx([["x"]], headers=["渠道", "问题描述"]))
    assert (1, "外部编号", "缺少必需的列") in _errors(refused.value)
    with pytest.raises(XlsxImportError):
        import_reports(world.office_staff, _xlsx([_row()], sheet="Sheet1"))


def test_only_the_office_imports(world):
    with pytest.raises(PermissionDenied):
        import_reports(world.handler, _xlsx([_row()]))
    assert Report.objects.count() == 0


def test_the_page_imports_and_lists_errors(world, client_for):
    client = client_for(world.office_staff)
    assert client.get(reverse("citizens:import")).status_code == 200
    response = client.post(reverse("citizens:import"), {"file": _xlsx([_row(), _row("X-2", channel="微博")])})
    html = response.content.decode()
    assert response.status_code == 400 and "文件有 1 处错误，未导入任何数据" in html and "“微博”不是有效的渠道" in html
    assert Report.objects.count() == 0
    response = client.post(reverse("citizens:import"), {"file": _xlsx([_row(), _row("X-2")])})
    assert response.status_code == 200 and 'id="imported-count">2<' in response.content.decode()
    assert Report.objects.count() == 2


def test_the_page_refuses_what_is_not_xlsx(world, client_for):
    client = client_for(world.office_staff)
    response = client.post(reverse("citizens:import"), {"file": SimpleUploadedFile("a.xlsx", b"not a workbook")})
    assert response.status_code == 400 and "文件不是有效的 XLSX 文件" in response.content.decode()
    response = client.post(reverse("citizens:import"), {})
    assert response.status_code == 400 and "请选择要导入的 XLSX 文件" in response.content.decode()


@pytest.mark.parametrize("persona", NOT_OFFICE)
def test_the_pages_are_refused_to_everyone_else(world, client_for, persona):
    client = client_for(world.personas[persona])
    assert client.get(reverse("citizens:import")).status_code == 403
    assert client.get(reverse("citizens:import_template")).status_code == 403
    assert client.post(reverse("citizens:import"), {"file": _xlsx([_row()])}).status_code == 403
    assert Report.objects.count() == 0
