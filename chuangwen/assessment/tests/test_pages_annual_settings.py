"""The annual assessment page (who sees which lines, the lists with their evidence, a secret round
kept out) and the office's settings form (validation in Chinese, nothing changed on refusal)."""

from __future__ import annotations

import re
from decimal import Decimal as D

import pytest
from django.urls import reverse

from chuangwen.assessment import services
from chuangwen.assessment.models import AssessmentSettings, UnitScore
from chuangwen.assessment.tests.pages_fixtures import scored_fixture, secret_fixture  # noqa: F401 - fixtures
from chuangwen.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
ANNUAL = reverse("assessment:annual")
SETTINGS = reverse("assessment:settings")


def _lines(body: str) -> dict[str, tuple[str, str]]:
    found = re.findall(r'<tr data-unit="([^"]+)" data-composite="([^"]*)" data-grade="([^"]*)"', body)
    return {code: (composite, grade) for code, composite, grade in found}


@pytest.fixture
def year(place, scored):
    services.score_year(place.world.office_staff, scored.period_start.year)
    return scored.period_start.year


def test_office_and_leaders_see_every_line_units_their_own(place, year, client_for):
    w = place.world
    office = client_for(w.office_staff).get(ANNUAL, {"year": year}).content.decode()
    lines = _lines(office)
    # District A: its score alone (no problem of its own) → 88.89 良好; B 100 优秀; 市城管局 95.00 优秀.
    assert lines["DA"] == ("88.89", "良好") and lines["DB"] == ("100.00", "优秀") and lines["D-CG"] == ("95.00", "优秀")
    assert 'id="compute-year-button"' in office
    leader = client_for(w.leader).get(ANNUAL, {"year": year}).content.decode()
    assert _lines(leader) == lines and 'id="compute-year-button"' not in leader
    assert set(_lines(client_for(w.handler).get(ANNUAL, {"year": year}).content.decode())) == {"D-CG"}
    assert set(_lines(client_for(w.district_officer).get(ANNUAL, {"year": year}).content.decode())) == {"DA", "DA-S1"}
    assert "D-CG" not in _lines(client_for(w.outsider).get(ANNUAL, {"year": year}).content.decode())
    for persona in ("inspector", "grid_worker"):
        assert client_for(getattr(w, persona)).get(ANNUAL).status_code == 403


def test_the_lists_carry_their_evidence(place, scored, client_for):
    config = AssessmentSettings.current()
    config.summons_black_count = config.list_size = 1
    config.save()
    services.score_round(place.world.office_staff, scored, reason="红黑榜各 1 名")
    year = scored.period_start.year
    services.score_year(place.world.office_staff, year)
    body = client_for(place.world.office_staff).get(ANNUAL, {"year": year}).content.decode()
    commend = body.split('id="commend-list"')[1].split("</section>")[0]
    assert "西城区" in commend and "东城区" not in commend
    accountable = body.split('id="accountability-list"')[1].split("</section>")[0]
    # District A is the bottom one of two districts: black-listed once → on the summons list at 1.
    assert "东城区" in accountable and "约谈" in accountable and scored.code in accountable


def test_a_secret_rounds_black_list_is_not_evidence(place, secret, client_for):
    config = AssessmentSettings.current()
    config.summons_black_count = config.list_size = 1
    config.save()
    services.score_round(place.world.office_staff, secret, reason="红黑榜各 1 名")  # district B black
    assert UnitScore.objects.get(run__round=secret, run__is_current=True, unit=place.world.district_b).board == "black"
    services.score_year(place.world.office_staff, secret.period_start.year)
    for persona in ("office_staff", "leader", "district_officer"):
        body = client_for(getattr(place.world, persona)).get(ANNUAL, {"year": 2026}).content.decode()
        assert secret.code not in body, persona


def _post(**changes) -> dict:
    data = {
        "list_mode": "rank", "list_size": 3, "red_threshold": "95", "black_threshold": "85", "cycle_1": 15,
        "cycle_2": 25, "cycle_3": 60, "weight_score": 60, "weight_on_time": 20, "weight_overdue": 10,
        "weight_rework": 10, "overdue_penalty": "2", "grade_1": 90, "grade_2": 80, "grade_3": 60,
        "summons_black_count": 2,
    }  # fmt: skip
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"cycle_3": 50}, "三年周期权重须为三个非负数，合计 100"),
        ({"weight_rework": 20}, "年度考核四项权重合计须为 100"),
        ({"grade_2": 95}, "等次分数线须在 0 到 100 之间，且从高到低递减"),
        ({"red_threshold": "80"}, "红榜分数线不能低于黑榜分数线"),
        ({"list_size": "abc"}, "请输入数字"),
        ({"cycle_1": -5, "cycle_3": 80}, "不能小于 0"),
        ({"list_mode": "random"}, "红黑榜方式无效"),
    ],
)
def test_bad_settings_are_refused_in_chinese_and_change_nothing(world, client_for, changes, message):
    before = AssessmentSettings.current()
    events = AuditEvent.objects.count()
    response = client_for(world.office_staff).post(SETTINGS, _post(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    after = AssessmentSettings.current()
    assert (after.cycle_weights, after.target_weights, after.grades) == (
        before.cycle_weights, before.target_weights, before.grades
    )  # fmt: skip
    assert after.red_threshold == before.red_threshold and AuditEvent.objects.count() == events


def test_office_saves_settings_audited(world, client_for):
    office = client_for(world.office_staff)
    assert office.get(SETTINGS).status_code == 200
    response = office.post(SETTINGS, _post(cycle_1=20, cycle_2=30, cycle_3=50, list_mode="threshold"))
    assert response.status_code == 302
    config = AssessmentSettings.current()
    assert config.cycle_weights == [20, 30, 50] and config.list_mode == "threshold"
    event = AuditEvent.objects.get(event_type="assessment_settings.updated")
    assert event.before == {"list_mode": "rank", "cycle_weights": [15, 25, 60]}
    assert event.after == {"list_mode": "threshold", "cycle_weights": [20, 30, 50]}
    assert config.red_threshold == D(95)


def test_only_the_office_changes_settings(world, client_for):
    events = AuditEvent.objects.count()
    for persona in ("leader", "district_officer", "handler", "outsider", "inspector"):
        client = client_for(getattr(world, persona))
        assert client.get(SETTINGS).status_code == 403
        assert client.post(SETTINGS, _post(cycle_1=20, cycle_3=55)).status_code == 403
    assert AuditEvent.objects.count() == events and AssessmentSettings.current().cycle_weights == [15, 25, 60]
