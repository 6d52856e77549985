"""XLSX export of a filtered problem list: Chinese headers, scoped like the list, phones masked."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from chuangwen.problems.export_views import COLUMNS
from chuangwen.problems.models import Problem
from chuangwen.problems.tests.pages_support import Spread, build_spread

pytestmark = pytest.mark.django_db
URL = reverse("problems:export")


@pytest.fixture
def spread(world, place) -> Spread:
    return build_spread(world, place)


def _rows(response) -> list[list]:
    assert response.status_code == 200
    assert response.streaming is True
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    data = b"".join(response.streaming_content)
    # the test client closes the response once its content is read, as the server does after sending
    assert int(response["Content-Length"]) == len(data)
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    return [list(r) for r in workbook["问题清单"].iter_rows(values_only=True)]


def _by_code(rows) -> dict[str, dict]:
    header = rows[0]
    return {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}


def test_it_exports_the_list_with_chinese_headers(world, client_for, spread):
    response = client_for(world.office_staff).get(URL)
    assert "attachment;" in response["Content-Disposition"]
    rows = _rows(response)
    assert rows[0][:4] == ["编号", "状态", "来源", "严重程度"]
    found = _by_code(rows)
    assert set(found) == spread.unit_a | spread.unit_b | {spread.a_new.code}
    overdue = found[spread.a_overdue.code]
    assert overdue["状态"] == "已交办" and overdue["责任单位"] == "市城管局" and overdue["超期天数"] == 4
    assert overdue["严重程度"] == "紧急" and overdue["点位"] == "东华路" and overdue["区县"] == "东城区"


def test_it_shows_the_reporter_to_the_office_only(world, client_for, spread):
    office = _by_code(_rows(client_for(world.office_staff).get(URL)))[spread.a_new.code]
    assert (office["反映人"], office["反映人电话"]) == ("张三", "13812345678")
    district = _by_code(_rows(client_for(world.district_officer).get(URL)))[spread.a_new.code]
    assert (district["反映人"], district["反映人电话"]) == ("张*", "138****5678")


def test_it_exports_what_the_filters_select(world, client_for, spread):
    rows = _rows(client_for(world.office_staff).get(URL, {"status": "new", "q": "垃圾"}))
    assert [r[0] for r in rows[1:]] == [spread.a_new.code]


def test_it_gives_the_outsider_only_unit_b(world, client_for, spread):
    rows = _rows(client_for(world.outsider).get(URL))
    assert {r[0] for r in rows[1:]} == spread.unit_b
    assert _rows(client_for(world.outsider).get(URL, {"q": "东华路"}))[1:] == []


def test_it_stays_chinese_for_an_english_screen(world, client_for, spread):
    client = client_for(world.office_staff)
    with translation.override("en"):
        client.cookies["django_language"] = "en"
        rows = _rows(client.get(URL))
    assert rows[0][0] == "编号"
    assert "待分派" in {r[1] for r in rows[1:]}


def test_it_answers_a_bad_filter_with_400(world, client_for, spread):
    response = client_for(world.office_staff).get(URL, {"severity": "huge"})
    assert response.status_code == 400
    assert "严重程度“huge”无效" in response.content.decode()


def test_it_needs_a_login(world, client):
    assert client.get(URL).status_code == 302


def test_it_refuses_post(world, client_for):
    assert client_for(world.office_staff).post(URL).status_code == 405


def test_it_refuses_more_than_the_limit(world, client_for, spread, settings):
    settings.EXPORT_MAX_ROWS = 3
    response = client_for(world.office_staff).get(URL)
    assert response.status_code == 400
    assert "符合条件的问题超过 3 个，请缩小筛选范围后再导出" in response.content.decode()
    assert client_for(world.office_staff).get(URL, {"status": "new"}).status_code == 200


def test_it_exports_more_than_the_old_cap_of_20000_by_default(settings):
    assert settings.EXPORT_MAX_ROWS == 1_000_000


# A large-ish export: streamed, complete, masked per persona, in a fixed number of queries ---------

MANY = 3000


@pytest.fixture
def many(spread) -> str:
    """MANY copies of a_new (district A, 张三 / 13812345678), bulk inserted: benchmark-style rows."""
    template = Problem.objects.get(pk=spread.a_new.pk)
    copies = []
    for i in range(MANY):
        copy = Problem.objects.get(pk=template.pk)
        copy.pk = None
        copy.code = f"BULK{i:05d}"
        copies.append(copy)
    Problem.objects.bulk_create(copies, batch_size=500)
    return template.code


def test_a_large_export_streams_every_row_with_the_headers(world, client_for, spread, many):
    response = client_for(world.office_staff).get(URL)
    assert response.streaming is True
    rows = _rows(response)
    assert rows[0] == [c.header for c in COLUMNS]
    bulk = [r for r in rows[1:] if r[0].startswith("BULK")]
    assert len(bulk) == MANY
    assert len(rows) - 1 == Problem.objects.visible_to(world.office_staff).count()
    assert {(r[-2], r[-1]) for r in bulk} == {("张三", "13812345678")}
    assert {r[9] for r in bulk} == {spread.a_new.district.name}


def test_a_large_export_masks_reporters_for_everyone_but_the_office(world, client_for, spread, many):
    rows = _rows(client_for(world.district_officer).get(URL))
    bulk = [r for r in rows[1:] if r[0].startswith("BULK")]
    assert len(bulk) == MANY
    assert {(r[-2], r[-1]) for r in bulk} == {("张*", "138****5678")}
    assert not [r for r in _rows(client_for(world.outsider).get(URL))[1:] if r[0].startswith("BULK")]


def test_a_large_export_has_a_frozen_header_and_widths(world, client_for, spread, many):
    response = client_for(world.office_staff).get(URL, {"status": "new"})
    data = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(data))["问题清单"]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["G"].width == 50  # 问题描述
    assert sheet["A1"].font.bold
    assert sheet.max_row == MANY + 2  # the header, the copies and a_new


def test_the_query_count_does_not_grow_with_the_rows(world, client_for, spread, many, django_assert_max_num_queries):
    client = client_for(world.office_staff)
    with django_assert_max_num_queries(8):
        response = client.get(URL)
    assert len(_rows(response)) > MANY
    with django_assert_max_num_queries(8):
        response = client.get(URL, {"status": "new"})
    assert len(_rows(response)) == MANY + 2


def test_the_temporary_file_is_gone_after_sending(world, client_for, spread, monkeypatch):
    import tempfile

    from chuangwen.lib import xlsx

    made, original = [], tempfile.TemporaryFile

    def recording(*args, **kwargs):
        made.append(original(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(xlsx.tempfile, "TemporaryFile", recording)
    response = client_for(world.office_staff).get(URL)
    (handle,) = made
    assert not isinstance(handle.name, str)  # anonymous: it has no name on disk (POSIX)
    assert not handle.closed
    b"".join(response.streaming_content)
    assert handle.closed
