"""The whole life of a round through the services: open and covert."""

from __future__ import annotations

import pytest

from chuangwen.inspections import services
from chuangwen.inspections.models import CheckResult, Kind, RoundSite, RoundStatus, Verdict
from chuangwen.inspections.tests.conftest import inspect, plan_round
from chuangwen.problems.models import Problem, Source, Status

pytestmark = pytest.mark.django_db


def test_open_round_findings_become_assigned_problems_on_submit(place):
    round_ = plan_round(place)
    entry = RoundSite.objects.filter(round=round_, site__in=place.sites_a).select_related("site").first()
    fail_item = place.items[0]
    visit = inspect(place, round_, entry, {fail_item.pk: Verdict.FAIL})
    round_.refresh_from_db()
    assert round_.status == RoundStatus.IN_PROGRESS
    result = CheckResult.objects.get(visit=visit, item=fail_item)
    problem = result.problem
    assert problem.source == Source.INSPECTION
    assert problem.site_id == entry.site_id and problem.standard_id == fail_item.standard_id
    assert problem.status == Status.ASSIGNED
    assert problem.responsible_unit == place.world.dept_a
    assert problem.created_by == place.world.inspector
    assert Problem.objects.count() == 1


def test_covert_round_findings_wait_for_publication(place):
    round_ = plan_round(place, kind=Kind.COVERT)
    assert round_.is_covert
    entries = list(RoundSite.objects.filter(round=round_).select_related("site"))
    for entry in entries[:3]:
        inspect(place, round_, entry, {place.items[1].pk: Verdict.FAIL})
    assert Problem.objects.count() == 0
    office = place.world.office_staff
    services.close_round(office, round_)
    services.publish_round(office, round_)
    assert Problem.objects.count() == 3
    assert set(Problem.objects.values_list("status", flat=True)) == {Status.ASSIGNED}
    assert all("（2 处）" in p.description for p in Problem.objects.all())
