"""Fixtures of the assessment page tests: a round scored by hand, and a secret covert round scored
by the office before publication.

The scored round: every road site visited; district A fails S1 (2 points, pass rate, led by unit A
市城管局) at two of its six sites. District A: S1 4 of 6 → 1.3333 of 2, S2 and S3 full → 5.3333 / 6
= 88.89, rank 2; district B 100.00, rank 1. Unit A answers for A's sites and leads S1 and S2:
S1 8 of 10 → 1.6, S2 2, S3 2 → 5.6 / 6 = 93.33.
"""

from __future__ import annotations

import pytest

from chuangwen.assessment import services
from chuangwen.inspections import services as inspections
from chuangwen.inspections.models import Kind, RoundSite, Verdict
from chuangwen.inspections.tests.conftest import inspect, plan_round


def _run_round(place, kind=Kind.OPEN, failing=()):
    round_ = plan_round(place, kind=kind)
    for entry in RoundSite.objects.filter(round=round_).select_related("site"):
        inspect(place, round_, entry, {place.items[0].pk: Verdict.FAIL} if entry.site_id in failing else {})
    inspections.close_round(place.world.office_staff, round_)
    round_.refresh_from_db()
    return round_


@pytest.fixture(name="scored")
def scored_fixture(place):
    round_ = _run_round(place, failing={place.sites_a[0].pk, place.sites_a[1].pk})
    services.score_round(place.world.office_staff, round_)
    return round_


@pytest.fixture(name="secret")
def secret_fixture(place, scored):
    """A covert round, closed and scored by the office but not published: district B fails everywhere."""
    round_ = _run_round(place, kind=Kind.COVERT, failing={s.pk for s in place.sites_b})
    services.score_round(place.world.office_staff, round_)
    assert round_.is_secret
    return round_


INSPECTED = ("district_officer", "handler", "unit_head", "outsider", "leader", "grid_worker", "inspector_other")
