"""The rankings page: who sees which round, the numbers against the stored ones, computing and
recomputing through the page, and a query count that does not grow with the units."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chuangwen.assessment import services
from chuangwen.assessment.models import ScoreRun, UnitScore
from chuangwen.assessment.tests.pages_fixtures import INSPECTED, _run_round, scored_fixture, secret_fixture  # noqa: F401 - fixtures
from chuangwen.audit.models import AuditEvent
from chuangwen.inspections import services as inspections
from chuangwen.inspections.models import Kind, Round
from chuangwen.testing import make_unit, make_user
from chuangwen.units.models import Role, UnitKind

pytestmark = pytest.mark.django_db
URL = reverse("assessment:rankings")


def _personas(place):
    people = dict(place.world.personas)
    people["inspector_other"] = make_user("inspector_other", Role.INSPECTOR)
    return people


def _rows(body: str) -> dict[str, tuple[str, str]]:
    """{unit code: (rank, score)} from the ranking tables."""
    found = re.findall(r'<tr data-unit="([^"]+)" data-rank="([^"]*)" data-score="([^"]*)"', body)
    return {code: (rank, score) for code, rank, score in found}


def test_everyone_sees_the_published_ranking_with_the_stored_numbers(place, scored, client_for):
    run = ScoreRun.objects.get(round=scored, is_current=True)
    stored = {
        u.unit.code: (str(u.rank), str(u.score)) for u in UnitScore.objects.filter(run=run).select_related("unit")
    }
    assert stored["DA"] == ("2", "88.89") and stored["DB"] == ("1", "100.00")
    for name, user in _personas(place).items():
        if name == "inspector_other":
            continue  # an inspector sees the rounds they work on, and published ones
        response = client_for(user).get(URL, {"round": scored.pk})
        assert response.status_code == 200, name
        assert _rows(response.content.decode()) == stored, name
    body = client_for(place.world.office_staff).get(URL).content.decode()
    assert scored.code in body and 'id="red-districts"' in body and "echarts.min.js" in body


def test_drill_down_links_only_where_the_card_may_be_opened(place, scored, client_for):
    w = place.world
    card_a = reverse("assessment:unit", args=[w.dept_a.pk])
    card_da = reverse("assessment:unit", args=[w.district_a.pk])
    handler = client_for(w.handler).get(URL).content.decode()
    assert card_a in handler and card_da not in handler
    officer = client_for(w.district_officer).get(URL).content.decode()
    assert card_da in officer and card_a not in officer
    assert card_a not in client_for(w.outsider).get(URL).content.decode()


def test_a_secret_round_is_not_there_for_the_inspected(place, secret, client_for):
    people = _personas(place)
    for name in INSPECTED:
        client = client_for(people[name])
        assert client.get(URL, {"round": secret.pk}).status_code == 404, name
        page = client.get(URL)
        assert page.status_code == 200 and secret.code not in page.content.decode(), name
    office = client_for(place.world.office_staff)
    page = office.get(URL, {"round": secret.pk})
    assert page.status_code == 200 and _rows(page.content.decode())["DB"][1] == "66.67"  # S1 0 of 2: 4 / 6


def test_office_computes_a_closed_round_through_the_page(place, client_for):
    round_ = _run_round(place, failing={place.sites_a[0].pk})
    events = AuditEvent.objects.count()
    for persona in ("handler", "district_officer", "leader", "outsider", "inspector"):
        response = client_for(getattr(place.world, persona)).post(reverse("assessment:compute", args=[round_.pk]))
        assert response.status_code == 403, persona
    assert AuditEvent.objects.count() == events and not ScoreRun.objects.exists()
    office = client_for(place.world.office_staff)
    assert f'action="{reverse("assessment:compute", args=[round_.pk])}"' in office.get(URL).content.decode()
    response = office.post(reverse("assessment:compute", args=[round_.pk]))
    assert response.status_code == 302 and response.url.endswith(f"?round={round_.pk}")
    assert AuditEvent.objects.filter(event_type="score.computed").count() == 1
    assert UnitScore.objects.get(run__round=round_, unit=place.world.district_a).score == D("94.44")


def test_a_recompute_needs_a_reason(place, scored, client_for):
    office = client_for(place.world.office_staff)
    url = reverse("assessment:compute", args=[scored.pk])
    runs, events = ScoreRun.objects.count(), AuditEvent.objects.count()
    response = office.post(url, {"reason": "  "})
    assert response.status_code == 400
    assert "重新计算请说明理由" in response.content.decode()
    assert ScoreRun.objects.count() == runs and AuditEvent.objects.count() == events
    response = office.post(url, {"reason": "更正检查结果"})
    assert response.status_code == 302
    assert ScoreRun.objects.filter(round=scored).count() == 2
    event = AuditEvent.objects.get(event_type="score.recomputed")
    assert event.reason == "更正检查结果"


def test_a_year_is_computed_and_shown(place, scored, client_for):
    office = client_for(place.world.office_staff)
    url = reverse("assessment:compute_year")
    events = AuditEvent.objects.count()
    bad = office.post(url, {"year": "abc"})
    assert bad.status_code == 400 and "请填写有效的年度" in bad.content.decode()
    empty = office.post(url, {"year": "2019"})
    assert empty.status_code == 400 and "2019 年还没有可计分的轮次" in empty.content.decode()
    assert AuditEvent.objects.count() == events
    assert client_for(place.world.leader).post(url, {"year": "2026"}).status_code == 403
    assert office.post(url, {"year": "2026"}).status_code == 302
    page = client_for(place.world.handler).get(URL, {"year": 2026})
    assert page.status_code == 200 and _rows(page.content.decode())["DA"] == ("2", "88.89")
    assert client_for(place.world.handler).get(URL, {"year": 2019}).status_code == 404


def test_the_query_count_does_not_grow_with_the_units(place, scored, client_for):
    office = client_for(place.world.office_staff)
    run = ScoreRun.objects.get(round=scored, is_current=True)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert office.get(URL, {"round": scored.pk}).status_code == 200
        return len(queries)

    before = count()
    for i in range(15):
        unit = make_unit(UnitKind.STREET, f"新街道{i}", place.world.district_b)
        UnitScore.objects.create(
            run=run, unit=unit, peer_group="streets", earned=D(1), possible=D(2), score=D(50), rank=3 + i, of=17
        )
    assert count() == before


def test_a_rank_change_does_not_reveal_an_earlier_secret_round(place, secret, client_for):
    """A published covert round whose previous round of its kind is still secret shows no change."""
    Round.objects.filter(pk=secret.pk).update(period_start=datetime.date(2026, 10, 1))
    later = _run_round(place, kind=Kind.COVERT, failing={place.sites_a[0].pk})
    inspections.publish_round(place.world.office_staff, later)
    services.score_round(place.world.office_staff, later)
    assert UnitScore.objects.filter(run__round=later, previous_rank__isnull=False).exists()
    w = place.world
    office = client_for(w.office_staff).get(URL, {"round": later.pk}).content.decode()
    assert "较上轮" in office
    for user in (w.handler, w.district_officer, w.leader):
        body = client_for(user).get(URL, {"round": later.pk}).content.decode()
        assert "较上轮" not in body and "上轮第" not in body
    card = client_for(w.district_officer).get(reverse("assessment:unit", args=[w.district_a.pk]), {"round": later.pk})
    assert "上轮" not in card.content.decode().split('id="summary-previous">')[1].split("</div>")[0]
