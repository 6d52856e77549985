"""A round scored through the database: attribution, ranks, history and who may compute."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from chuangwen.assessment import services
from chuangwen.assessment.models import ScoreRun, UnitScore
from chuangwen.audit.models import AuditEvent
from chuangwen.inspections import services as inspections
from chuangwen.inspections.models import RoundSite, Verdict
from chuangwen.inspections.tests.conftest import inspect, plan_round
from chuangwen.lib.errors import Conflict, DomainError, PermissionDenied

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspected_round(place):
    """All ten road sites visited; one failure of S1 (2 points, pass rate, led by dept_a) at a site of A."""
    round_ = plan_round(place)
    for entry in RoundSite.objects.filter(round=round_).select_related("site").order_by("site__code"):
        verdicts = {place.items[0].pk: Verdict.FAIL} if entry.site == place.sites_a[0] else {}
        inspect(place, round_, entry, verdicts)
    inspections.close_round(place.world.office_staff, round_)
    return round_


def _scores(run):
    return {u.unit.code: u for u in UnitScore.objects.filter(run=run).select_related("unit")}


def test_scores_ranks_by_hand(place, inspected_round):
    run = services.score_round(place.world.office_staff, inspected_round)
    s = _scores(run)
    # District A (6 sites): S1 5 of 6 pass → 2 × 5/6 = 1.6667; S2 and S3 all pass → 2 + 2; (5.6667 / 6) → 94.44.
    assert s["DA"].score == D("94.44") and s["DA-S1"].score == D("94.44")
    assert s["DB"].score == D("100.00") and s["DB-S1"].score == D("100.00")
    # 市城管局 leads S1 and S2 everywhere (S1 9 of 10 → 1.8; S2 → 2) and answers for district A's sites (S3 → 2):
    # 5.8 / 6 → 96.67.
    assert s["D-CG"].score == D("96.67")
    assert (s["DB"].rank, s["DA"].rank, s["DA"].of) == (1, 2, 2)
    assert (s["D-CG"].rank, s["D-CG"].of, s["D-CG"].peer_group) == (1, 1, "departments")
    assert "D-JT" not in s  # nothing attributed to 市交通局: no number at all
    assert run.results == 10 * 3


def test_recompute_needs_a_reason_and_keeps_history(place, inspected_round):
    office = place.world.office_staff
    first = services.score_round(office, inspected_round)
    with pytest.raises(DomainError):
        services.score_round(office, inspected_round)
    second = services.score_round(office, inspected_round, reason="更正检查结果")
    first.refresh_from_db()
    assert not first.is_current and second.is_current
    assert ScoreRun.objects.filter(round=inspected_round).count() == 2
    assert AuditEvent.objects.filter(event_type="score.recomputed").count() == 1


def test_only_office_computes_and_only_finished_rounds(place, inspected_round, planned):
    events = AuditEvent.objects.count()
    for persona in ("handler", "district_officer", "leader", "inspector", "outsider"):
        with pytest.raises(PermissionDenied):
            services.score_round(getattr(place.world, persona), inspected_round)
    assert AuditEvent.objects.count() == events and not ScoreRun.objects.exists()
    with pytest.raises(Conflict):
        services.score_round(place.world.office_staff, planned)


def test_year_pools_rounds(place, inspected_round):
    run = services.score_year(place.world.office_staff, inspected_round.period_start.year)
    assert _scores(run)["DA"].score == D("94.44")


def test_a_unit_out_of_the_rankings_gets_no_score_and_takes_no_place(place, inspected_round):
    from chuangwen.units import services as units

    units.update_unit(place.world.office_admin, place.world.dept_a, reason="组织单位", is_ranked=False)
    s = _scores(services.score_round(place.world.office_staff, inspected_round))
    assert "D-CG" not in s
    assert s["DA"].score == D("94.44") and (s["DB"].rank, s["DA"].rank) == (1, 2)  # the districts as before
