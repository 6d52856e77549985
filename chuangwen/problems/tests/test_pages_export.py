"""XLSX export of a filtered problem list: Chinese headers, scoped like the list, phones masked."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from chuangwen.problems.tests.pages_support import Spread, build_spread

pytestmark = pytest.mark.django_db
URL = reverse("problems:export")


@pytest.fixture
def spread(world, place) -> Spread:
    return build_spread(world, place)


def _rows(response) -> list[list]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
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


def test_it_refuses_more_than_the_limit(world, client_for, spread, monkeypatch):
    from chuangwen.problems import export_views

    monkeypatch.setattr(export_views, "EXPORT_LIMIT", 3)
    response = client_for(world.office_staff).get(URL)
    assert response.status_code == 400
    assert "符合条件的问题超过 3 个，请缩小筛选范围后再导出" in response.content.decode()
    assert client_for(world.office_staff).get(URL, {"status": "new"}).status_code == 200
