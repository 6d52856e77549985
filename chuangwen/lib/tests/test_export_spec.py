"""The declarative export (ExportSpec): streamed sheets with a frozen, bold header and widths,
Chinese file names with the local date, local times, and the refusal past EXPORT_MAX_ROWS."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.test import RequestFactory
from django.utils import timezone
from openpyxl import load_workbook

from chuangwen.lib import xlsx
from chuangwen.lib.tests.xlsx_support import body, filename, sheets
from chuangwen.units.models import Unit, UnitKind

SPEC = xlsx.ExportSpec(
    "单位",
    [xlsx.Column("code", "编码", 14), xlsx.Column("name", "名称", 30), xlsx.Column("tag", "标记", 8)],
    lambda unit, tag="": [unit.code, unit.name, tag],
)


def _request(query: str = ""):
    request = RequestFactory().get(f"/units/export/?{query}")
    request.user = None
    return request


@pytest.mark.django_db
def test_it_streams_a_queryset_with_a_frozen_bold_header_and_widths(world):
    with time_machine.travel("2026-03-12 07:30:00+08:00", tick=False):  # 2026-03-11 in UTC
        response = SPEC.download(_request(), Unit.objects.order_by("code"), name=["全市"], tag="是")
    assert filename(response) == "单位-全市-20260312.xlsx"
    sheet = load_workbook(io.BytesIO(body(response)))["单位"]
    assert [c.value for c in sheet[1]] == ["编码", "名称", "标记"]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width == 30
    assert sheet["A1"].font.bold
    assert [c.value for c in sheet[2]] == ["CITY", "示范市", "是"]
    assert sheet.max_row == 1 + Unit.objects.count()


def test_it_writes_several_sheets_in_order():
    extra = xlsx.Sheet("说明", [xlsx.Column("note", "说明", 40)], [["第一行"], ["第二行"]])
    units = [Unit(code="A", name="甲"), Unit(code="B", name="乙")]
    found = sheets(SPEC.download(_request(), units, extra=[extra]))
    assert list(found) == ["单位", "说明"]
    assert found["单位"][1:] == [["A", "甲", None], ["B", "乙", None]]
    assert found["说明"] == [["说明"], ["第一行"], ["第二行"]]


@pytest.mark.django_db
def test_it_refuses_past_the_limit_with_a_link_back_to_the_filtered_list(world, settings):
    settings.EXPORT_MAX_ROWS = 2
    request = _request("kind=district&q=城")
    request.user = world.office_admin
    response = SPEC.download(request, Unit.objects.all(), back="/units/")
    assert response.status_code == 400
    page = response.content.decode()
    assert "符合条件的记录超过 2 条，请缩小筛选范围后再导出" in page
    assert 'href="/units/?kind=district&amp;q=%E5%9F%8E"' in page
    assert SPEC.download(request, Unit.objects.filter(kind=UnitKind.DISTRICT), back="/units/").status_code == 200


@pytest.mark.django_db
def test_the_limit_check_reads_at_most_one_row_past_it(world, settings, django_assert_num_queries):
    settings.EXPORT_MAX_ROWS = 3
    with django_assert_num_queries(1):
        assert xlsx.exceeds_limit(Unit.objects.all())
    assert not xlsx.exceeds_limit(Unit.objects.filter(kind=UnitKind.DISTRICT))
    assert xlsx.exceeds_limit([1, 2, 3, 4]) and not xlsx.exceeds_limit([1, 2, 3])


def test_times_are_local_and_labels_fixed_chinese():
    moment = datetime.datetime(2026, 3, 12, 1, 30, tzinfo=datetime.UTC)
    assert xlsx.local_time(moment) == "2026-03-12 09:30"
    assert xlsx.local_date(datetime.datetime(2026, 3, 11, 17, 0, tzinfo=datetime.UTC)) == "2026-03-12"
    assert xlsx.local_date(datetime.date(2026, 3, 12)) == "2026-03-12"
    assert xlsx.local_time(None) == xlsx.local_date(None) == ""
    from django.utils import translation

    with translation.override("en"):
        assert xlsx.chinese_labels(UnitKind)["district"] == "区"
    assert timezone.get_current_timezone_name() == "Asia/Shanghai"


def test_batches_cut_rows_into_lists():
    assert list(xlsx.batches(range(5), 2)) == [[0, 1], [2, 3], [4]]
    assert list(xlsx.batches([], 2)) == []
