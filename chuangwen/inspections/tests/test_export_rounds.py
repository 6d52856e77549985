"""XLSX exports of the round pages: the list of rounds with its filters, a round's results and its
sample. Each answers whoever may open its page, with that page's rows, and a secret covert round
is nowhere for the inspected."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from chuangwen.inspections.export_views import RESULTS_COLUMNS, ROUNDS
from chuangwen.inspections.models import Kind, RoundSite, Verdict
from chuangwen.inspections.tests.conftest import inspect, plan_round
from chuangwen.lib.tests.xlsx_support import filename, only_sheet, sheets
from chuangwen.testing import make_user
from chuangwen.units.models import Role

pytestmark = pytest.mark.django_db
LIST = reverse("inspections:export")
INSPECTED = ("district_officer", "handler", "unit_head", "outsider", "leader", "grid_worker")


@pytest.fixture
def rounds(place):
    """An announced open round, and a covert one planned and visited but not published."""
    open_round = plan_round(place)
    covert = plan_round(place, kind=Kind.COVERT)
    entry = RoundSite.objects.filter(round=covert).select_related("site").order_by("site__code").first()
    inspect(place, covert, entry, {place.items[0].pk: Verdict.FAIL})
    assert covert.is_secret
    return open_round, covert


def _codes(response) -> list[str]:
    return [r["编号"] for r in only_sheet(response)]


def test_the_office_exports_every_round_with_chinese_headers(place, rounds, client_for):
    open_round, covert = rounds
    response = client_for(place.world.office_staff).get(LIST)
    found = sheets(response)
    assert list(found) == ["督查轮次"]
    assert found["督查轮次"][0] == [c.header for c in ROUNDS.columns]
    by_code = {r["编号"]: r for r in only_sheet(client_for(place.world.office_staff).get(LIST))}
    assert set(by_code) == {open_round.code, covert.code}
    row = by_code[open_round.code]
    assert (row["类型"], row["状态"], row["暗访保密"], row["开始日期"]) == ("明察", "已排期", "否", "2026-11-01")
    assert (row["抽样点位"], row["已检查"]) == (10, 0)
    assert by_code[covert.code]["暗访保密"] == "是" and by_code[covert.code]["不合格项"] == 1
    assert filename(response).startswith("督查轮次-") and filename(response).endswith(".xlsx")


@pytest.mark.parametrize("persona", INSPECTED)
def test_a_secret_round_is_not_in_the_export_of_the_inspected(place, rounds, client_for, persona):
    open_round, covert = rounds
    assert _codes(client_for(place.world.personas[persona]).get(LIST)) == [open_round.code]


def test_the_inspectors_of_the_covert_round_have_it(place, rounds, client_for):
    assert set(_codes(client_for(place.world.inspector).get(LIST))) == {r.code for r in rounds}
    stranger = make_user("inspector_other", Role.INSPECTOR)
    assert _codes(client_for(stranger).get(LIST)) == []


def test_the_counts_are_those_of_the_sites_the_person_may_see(place, rounds, client_for):
    (row,) = only_sheet(client_for(place.world.district_officer).get(LIST))
    assert row["抽样点位"] == len(place.sites_a)


def test_the_filters_of_the_list_apply(place, rounds, client_for):
    open_round, covert = rounds
    client = client_for(place.world.office_staff)
    assert _codes(client.get(LIST, {"kind": "covert"})) == [covert.code]
    assert _codes(client.get(LIST, {"q": open_round.code})) == [open_round.code]
    assert _codes(client.get(LIST, {"year": 2025})) == []
    assert _codes(client_for(place.world.handler).get(LIST, {"kind": "covert"})) == []


def test_a_bad_filter_is_the_list_with_its_message(place, client_for):
    response = client_for(place.world.office_staff).get(LIST, {"year": "abc"})
    assert response.status_code == 400
    assert "筛选条件无效：年份" in response.content.decode()


def test_past_the_limit_it_says_to_narrow_the_filters(place, rounds, client_for, settings):
    settings.EXPORT_MAX_ROWS = 1
    client = client_for(place.world.office_staff)
    response = client.get(LIST, {"q": "2026"})
    assert response.status_code == 400
    assert "符合条件的记录超过 1 条，请缩小筛选范围后再导出" in response.content.decode()
    assert client.get(LIST, {"kind": "covert"}).status_code == 200


def test_the_file_stays_chinese_on_an_english_screen(place, rounds, client_for):
    client = client_for(place.world.office_staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    rows = only_sheet(client.get(LIST, {"kind": "open"}))
    assert rows[0]["类型"] == "明察" and rows[0]["状态"] == "已排期"


def test_anonymous_and_post_are_refused(client, place, client_for):
    assert client.get(LIST).status_code == 302
    assert client_for(place.world.office_staff).post(LIST).status_code == 405


# A round's results ---------------------------------------------------------------------------


@pytest.fixture
def visited(place):
    round_ = plan_round(place)
    entries = RoundSite.objects.filter(round=round_).select_related("site").order_by("site__code")
    inspect(place, round_, entries[0], {place.items[0].pk: Verdict.FAIL})
    inspect(place, round_, entries[1])
    return round_, entries[0].site, entries[1].site


def test_the_office_exports_every_sampled_site_with_its_visit(place, visited, client_for):
    round_, failed, passed = visited
    url = reverse("inspections:results_export", args=[round_.pk])
    response = client_for(place.world.office_staff).get(url)
    found = sheets(response)
    assert found["督查结果"][0] == [c.header for c in RESULTS_COLUMNS]
    rows = {r["点位编码"]: r for r in only_sheet(client_for(place.world.office_staff).get(url))}
    assert set(rows) == {s.code for s in place.sites}
    assert (rows[failed.code]["检查状态"], rows[failed.code]["不合格"], rows[failed.code]["合格"]) == ("已提交", 1, 2)
    assert rows[failed.code]["不合格项"] == place.items[0].text
    assert rows[passed.code]["不合格"] == 0
    unvisited = next(r for code, r in rows.items() if code not in (failed.code, passed.code))
    assert unvisited["检查状态"] == "未检查" and unvisited["督查员"] is None
    assert filename(response).startswith(f"督查结果-{round_.code}-")


def test_a_district_office_exports_the_results_of_its_own_sites(place, visited, client_for):
    round_ = visited[0]
    url = reverse("inspections:results_export", args=[round_.pk])
    codes = {r["点位编码"] for r in only_sheet(client_for(place.world.district_officer).get(url))}
    assert codes == {s.code for s in place.sites_a}
    assert only_sheet(client_for(place.world.outsider).get(url)) == []


@pytest.mark.parametrize("persona", INSPECTED)
def test_the_results_of_a_secret_round_are_not_there_for_the_inspected(place, rounds, client_for, persona):
    covert = rounds[1]
    url = reverse("inspections:results_export", args=[covert.pk])
    assert client_for(place.world.personas[persona]).get(url).status_code == 404
    assert len(only_sheet(client_for(place.world.office_staff).get(url))) == len(place.sites)


# A round's sample (office only) ---------------------------------------------------------------


def test_the_sample_export_streams_for_the_office_only(place, planned, client_for):
    url = reverse("inspections:sample_export", args=[planned.pk])
    response = client_for(place.world.office_staff).get(url)
    assert filename(response).startswith(f"抽样点位-{planned.code}-")
    rows = only_sheet(client_for(place.world.office_admin).get(url))
    assert [r["路线顺序"] for r in rows] == list(range(1, len(place.sites) + 1))
    assert {r["来源"] for r in rows} == {"抽样"}
    for persona in ("district_officer", "handler", "outsider", "leader", "inspector"):
        assert client_for(place.world.personas[persona]).get(url).status_code == 403, persona
