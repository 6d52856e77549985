"""XLSX exports of the assessment pages: the ranking of a round or a year (a sheet per peer group),
a unit's score card and the annual target assessment. Each answers whoever may open its page, with
that page's numbers; a secret covert round is nowhere for the inspected."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from chuangwen.assessment import services
from chuangwen.assessment.export_views import ANNUAL, RANKING
from chuangwen.assessment.models import AssessmentSettings
from chuangwen.assessment.tests.pages_fixtures import INSPECTED, _run_round, scored_fixture, secret_fixture  # noqa: F401 - fixtures
from chuangwen.inspections import services as inspections
from chuangwen.inspections.models import Kind, Round
from chuangwen.lib.tests.xlsx_support import filename, records, sheets
from chuangwen.testing import make_user
from chuangwen.units.models import Role

pytestmark = pytest.mark.django_db
RANKINGS = reverse("assessment:rankings_export")
ANNUAL_URL = reverse("assessment:annual_export")


def _people(place) -> dict:
    return {**place.world.personas, "inspector_other": make_user("inspector_other", Role.INSPECTOR)}


def _ranks(rows: list[list]) -> dict[str, tuple]:
    return {r["单位编码"]: (r["名次"], r["得分"], r["红黑榜"]) for r in records(rows)}


def test_everyone_exports_the_ranking_of_a_round_a_sheet_per_group(place, scored, client_for):
    for name, user in place.world.personas.items():
        found = sheets(client_for(user).get(RANKINGS, {"round": scored.pk}))
        assert list(found)[0] == "区县" and "市直部门" in found, name
        assert found["区县"][0] == [c.header for c in RANKING.columns]
        districts = _ranks(found["区县"])
        assert (districts["DA"][:2], districts["DB"][:2]) == ((2, 88.89), (1, 100)), name
        assert _ranks(found["市直部门"])["D-CG"][1] == 93.33
    response = client_for(place.world.leader).get(RANKINGS, {"round": scored.pk})
    assert filename(response).startswith(f"排名-{scored.code}-")


@pytest.mark.parametrize("persona", INSPECTED)
def test_a_secret_round_is_not_there_for_the_inspected(place, secret, scored, client_for, persona):
    client = client_for(_people(place)[persona])
    assert client.get(RANKINGS, {"round": secret.pk}).status_code == 404
    if persona != "inspector_other":  # an inspector has the rounds they work on and published ones
        assert scored.code in filename(client.get(RANKINGS))  # the newest round they may see


def test_the_office_exports_the_secret_round(place, secret, client_for):
    response = client_for(place.world.office_staff).get(RANKINGS)
    assert secret.code in filename(response)
    assert _ranks(sheets(response)["区县"])["DB"][1] == 66.67


def test_the_change_is_left_out_where_the_previous_round_is_secret(place, secret, client_for):
    office = place.world.office_staff
    later = _run_round(place, kind=Kind.COVERT)
    Round.objects.filter(pk=later.pk).update(
        period_start=datetime.date(2026, 12, 1), period_end=datetime.date(2026, 12, 31)
    )
    later.refresh_from_db()
    inspections.publish_round(office, later)
    services.score_round(office, later)
    shown = records(sheets(client_for(office).get(RANKINGS, {"round": later.pk}))["区县"])
    # The secret round put B last (66.67); both are full marks now, so B moves up to share first place.
    moves = {r["单位编码"]: (r["上轮名次"], r["名次"], r["较上轮"]) for r in shown}
    assert moves == {"DA": (1, 1, "持平"), "DB": (2, 1, "上升 1 位")}
    hidden = records(sheets(client_for(place.world.handler).get(RANKINGS, {"round": later.pk}))["区县"])
    assert [(r["上轮名次"], r["上轮得分"], r["较上轮"]) for r in hidden] == [(None, None, None)] * 2


def test_the_ranking_of_a_year(place, scored, client_for):
    services.score_year(place.world.office_staff, 2026)
    client = client_for(place.world.handler)
    response = client.get(RANKINGS, {"year": 2026})
    assert filename(response).startswith("排名-2026年度-")
    assert _ranks(sheets(response)["区县"])["DA"][1] == 88.89
    assert client.get(RANKINGS, {"year": 2019}).status_code == 404
    assert client.get(RANKINGS, {"year": "abc"}).status_code == 404


def test_nothing_scored_is_404(world, client_for):
    assert client_for(world.office_staff).get(RANKINGS).status_code == 404


# A unit's score card ----------------------------------------------------------------------------


def test_who_exports_a_units_card(place, scored, client_for):
    w = place.world
    cases = {
        w.dept_a: {"office_admin", "office_staff", "leader", "handler", "unit_head"},
        w.district_a: {"office_admin", "office_staff", "leader", "district_officer"},
    }
    for unit, allowed in cases.items():
        url = reverse("assessment:unit_export", args=[unit.pk])
        for name, user in w.personas.items():
            response = client_for(user).get(url)
            assert response.status_code == (200 if name in allowed else 404), (unit.code, name)


def test_the_card_export_has_the_losses_and_the_rounds(place, scored, client_for):
    w = place.world
    response = client_for(w.district_officer).get(reverse("assessment:unit_export", args=[w.district_a.pk]))
    assert filename(response).startswith(f"失分标准-东城区-{scored.code}-")
    found = sheets(response)
    assert list(found) == ["失分标准", "历次得分"]
    first = records(found["失分标准"])[0]
    assert (first["标准编码"], first["失分"], first["不合格数"]) == (place.items[0].standard.code, 0.6667, 2)
    assert place.sites_a[0].name in first["不合格点位"] and place.sites_a[1].name in first["不合格点位"]
    assert place.sites_a[2].name not in first["不合格点位"]
    (history,) = records(found["历次得分"])
    assert (history["轮次编号"], history["得分"], history["名次"]) == (scored.code, 88.89, 2)


def test_a_secret_rounds_card_is_not_there_for_the_inspected(place, secret, client_for):
    w = place.world
    url = reverse("assessment:unit_export", args=[w.district_a.pk])
    client = client_for(w.district_officer)
    assert client.get(url, {"round": secret.pk}).status_code == 404
    history = records(sheets(client.get(url))["历次得分"])
    assert [h["轮次编号"] for h in history] != [] and secret.code not in {h["轮次编号"] for h in history}
    office = records(sheets(client_for(w.office_staff).get(url))["历次得分"])
    assert secret.code in {h["轮次编号"] for h in office}


# The annual target assessment -------------------------------------------------------------------


@pytest.fixture
def year(place, scored):
    services.score_year(place.world.office_staff, 2026)
    return 2026


def _lines(response) -> dict[str, tuple]:
    return {r["单位编码"]: (r["综合得分"], r["等次"]) for r in records(sheets(response)["年度考核"])}


def test_office_and_leaders_export_every_line_units_their_own(place, year, client_for):
    w = place.world
    office = client_for(w.office_staff).get(ANNUAL_URL, {"year": year})
    assert filename(office).startswith("年度考核-2026年-")
    found = sheets(office)
    assert list(found) == ["年度考核", "表彰名单", "约谈问责名单"]
    assert found["年度考核"][0] == [c.header for c in ANNUAL.columns]
    lines = _lines(client_for(w.office_staff).get(ANNUAL_URL, {"year": year}))
    assert lines["DA"] == (88.89, "良好") and lines["DB"] == (100, "优秀") and lines["D-CG"] == (95, "优秀")
    assert _lines(client_for(w.leader).get(ANNUAL_URL, {"year": year})) == lines
    assert set(_lines(client_for(w.handler).get(ANNUAL_URL, {"year": year}))) == {"D-CG"}
    assert set(_lines(client_for(w.district_officer).get(ANNUAL_URL, {"year": year}))) == {"DA", "DA-S1"}
    assert "D-CG" not in _lines(client_for(w.outsider).get(ANNUAL_URL, {"year": year}))
    for persona in ("inspector", "grid_worker"):
        assert client_for(getattr(w, persona)).get(ANNUAL_URL).status_code == 403
    assert client_for(w.office_staff).get(ANNUAL_URL, {"year": "20x6"}).status_code == 404


def _lists_of_one() -> None:
    """One unit on each list per group, and one black listing enough for a summons."""
    config = AssessmentSettings.current()
    config.summons_black_count = config.list_size = 1
    config.save()


def test_the_lists_carry_their_evidence(place, scored, client_for):
    _lists_of_one()
    services.score_round(place.world.office_staff, scored, reason="红黑榜各 1 名")
    services.score_year(place.world.office_staff, 2026)
    found = sheets(client_for(place.world.office_staff).get(ANNUAL_URL, {"year": 2026}))
    commend = {r["单位"]: r for r in records(found["表彰名单"])}
    assert "西城区" in commend and "东城区" not in commend and commend["西城区"]["名单"] == "表彰"
    accountable = {r["单位"]: r for r in records(found["约谈问责名单"])}
    east = accountable["东城区"]
    assert "约谈" in east["名单"] and east["上黑榜次数"] == 1 and east["上黑榜轮次"] == scored.code
    assert "测评得分 88.89" in east["分项得分"]


def test_a_secret_rounds_black_list_is_not_evidence(place, secret, client_for):
    _lists_of_one()
    services.score_round(place.world.office_staff, secret, reason="红黑榜各 1 名")
    services.score_year(place.world.office_staff, 2026)
    for persona in ("office_staff", "leader", "district_officer"):
        found = sheets(client_for(getattr(place.world, persona)).get(ANNUAL_URL, {"year": 2026}))
        cells = {str(v) for rows in found.values() for row in rows for v in row}
        assert not any(secret.code in c for c in cells), persona
