"""The year's tallies: each scorable round counted once, when it becomes scorable, and the year's
score read from them equal to the score computed from the rows of its rounds."""

from __future__ import annotations

import pytest

from chuangwen.assessment import services, tallies
from chuangwen.assessment.models import TalliedRound, YearTally
from chuangwen.inspections import services as inspections
from chuangwen.inspections.models import Kind, RoundSite, Verdict
from chuangwen.inspections.tests.conftest import inspect, plan_round

pytestmark = pytest.mark.django_db


def _visit_all(place, round_, failing_site_index: int = 0, failing_item: int = 0):
    for entry in RoundSite.objects.filter(round=round_).select_related("site").order_by("site__code"):
        fail = entry.site == place.sites_a[failing_site_index]
        inspect(place, round_, entry, {place.items[failing_item].pk: Verdict.FAIL} if fail else {})


def _rows(year: int) -> dict:
    return {
        (t.site_id, t.standard_id, t.rule_kind): (t.passes, t.fails, t.occurrences)
        for t in YearTally.objects.filter(year=year)
    }


def _as_scores(computed: services.Computed) -> tuple:
    standards = sorted(computed.standard_scores)
    totals = sorted((t.unit_id, t.score, t.vetoed) for t in computed.totals.values())
    return standards, totals, computed.results


def test_closing_an_open_round_counts_it_once(place):
    round_ = plan_round(place)
    _visit_all(place, round_)
    assert not YearTally.objects.exists()
    inspections.close_round(place.world.office_staff, round_)
    year = round_.period_start.year
    counted = _rows(year)
    assert sum(passes + fails for passes, fails, _ in counted.values()) == 30  # ten sites × three items
    assert sum(fails for _, fails, _ in counted.values()) == 1
    assert TalliedRound.objects.get(round=round_).results == 30
    inspections.publish_round(place.world.office_staff, round_)  # already counted: nothing added
    assert not tallies.add_round(round_)
    assert _rows(year) == counted


def test_a_covert_round_counts_only_when_published(place):
    round_ = plan_round(place, kind=Kind.COVERT)
    _visit_all(place, round_)
    inspections.close_round(place.world.office_staff, round_)
    assert not YearTally.objects.exists() and not TalliedRound.objects.exists()
    inspections.publish_round(place.world.office_staff, round_)
    assert TalliedRound.objects.filter(round=round_).exists()
    assert sum(fails for _, fails, _ in _rows(round_.period_start.year).values()) == 1


def test_two_rounds_add_up_and_the_year_equals_its_rows(place):
    office = place.world.office_staff
    first = plan_round(place)
    _visit_all(place, first)
    inspections.close_round(office, first)
    second = plan_round(place)
    _visit_all(place, second, failing_site_index=1, failing_item=1)
    inspections.close_round(office, second)
    year = first.period_start.year
    assert sum(passes + fails for passes, fails, _ in _rows(year).values()) == 60
    round_ids, from_tallies = services.compute_year(year)
    assert round_ids == sorted([first.pk, second.pk])
    assert _as_scores(from_tallies) == _as_scores(services.compute(round_ids))
    run = services.score_year(office, year)
    assert run.rounds == 2 and run.results == 60


def test_rounds_counted_elsewhere_are_caught_up_and_a_stale_year_recounted(place):
    office = place.world.office_staff
    round_ = plan_round(place)
    _visit_all(place, round_)
    inspections.close_round(office, round_)
    year = round_.period_start.year
    expected = _rows(year)
    # A database filled before the tallies existed (or by a bulk load): nothing counted yet.
    YearTally.objects.all().delete()
    TalliedRound.objects.all().delete()
    assert tallies.ensure_year(year) == [round_.pk]
    assert _rows(year) == expected
    # A counted round that is no longer the year's (here: moved to another year) makes the year count again.
    type(round_).objects.filter(pk=round_.pk).update(period_start=round_.period_start.replace(year=year - 1))
    assert tallies.ensure_year(year) == []
    assert not YearTally.objects.filter(year=year).exists()
