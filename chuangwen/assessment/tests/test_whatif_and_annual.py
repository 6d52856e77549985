"""What would move a rank, and the annual assessment, on a round scored by hand."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from chuangwen.assessment import annual, services, whatif
from chuangwen.assessment.models import AssessmentSettings, ScoreRun
from chuangwen.inspections import services as inspections
from chuangwen.inspections.models import CheckResult, RoundSite, Verdict
from chuangwen.inspections.tests.conftest import inspect, plan_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(place):
    """District A fails S1 at two sites; district B at none. Ranks: B 1st, A 2nd."""
    round_ = plan_round(place)
    failing = {place.sites_a[0].pk, place.sites_a[1].pk}
    for entry in RoundSite.objects.filter(round=round_).select_related("site"):
        inspect(place, round_, entry, {place.items[0].pk: Verdict.FAIL} if entry.site_id in failing else {})
    inspections.close_round(place.world.office_staff, round_)
    services.score_round(place.world.office_staff, round_)
    return round_


def test_fixing_the_problems_of_district_a_ties_it_first(place, scored):
    problems = list(CheckResult.objects.filter(round=scored, verdict=Verdict.FAIL).values_list("problem_id", flat=True))
    outcome = whatif.simulate(scored, problems)
    a, b = outcome[place.world.district_a.pk], outcome[place.world.district_b.pk]
    # A: S1 4 of 6 → 2 × 4/6 = 1.3333 of 2; + 2 + 2 → 5.3333 / 6 = 88.89; after the fix 100.
    assert (a.score_before, a.rank_before) == (D("88.89"), 2)
    assert (a.score_after, a.rank_after) == (D("100.00"), 1)
    assert b.rank_after == 1  # a tie: both first
    one = whatif.simulate(scored, problems[:1])[place.world.district_a.pk]
    assert one.score_after == D("94.44")


def test_costly_problems_of_a_unit(place, scored):
    costs = whatif.costly_problems(scored, place.world.district_a.pk)
    assert len(costs) == 2
    # Each fix: 88.89 → 94.44, a gain of 5.55 points.
    assert [c.gain for c in costs] == [D("5.55"), D("5.55")]
    assert whatif.costly_problems(scored, place.world.district_b.pk) == []


def test_annual_assessment_and_cycle(place, scored):
    office = place.world.office_staff
    services.score_year(office, scored.period_start.year)
    config = AssessmentSettings.current()
    config.list_size = 1
    config.save()
    lines = {line.unit.code: line for line in annual.assess(scored.period_start.year)}
    a, b = lines["DA"], lines["DB"]
    assert a.score == D("88.89") and b.score == D("100.00")
    # District A's two problems went to 市城管局 (it answers for A's sites), not to A itself: no problem
    # components; its composite is its score alone → 88.89 → 良好 (80 ≤ 88.89 < 90).
    assert a.problems == 0 and a.composite == D("88.89") and a.grade == "良好"
    assert b.grade == "优秀" and "commend" in b.lists
    dept = lines["D-CG"]
    assert dept.problems == 2 and dept.on_time_rate is None and dept.overdue == 0
    # 市城管局: score (S1 8/10 → 1.6; S2 2; S3 2 → 5.6/6 = 93.33) and, with no problem late or reworked,
    # overdue 100 and rework 100: (60 × 93.33 + 10 × 100 + 10 × 100) / 80 = 95.00.
    assert dept.score == D("93.33") and dept.composite == D("95.00")
    projected = annual.cycle(scored.period_start.year)
    assert projected[place.world.district_a.pk]["projected"] == D("88.89")
    assert ScoreRun.objects.filter(year=scored.period_start.year).count() == 1
