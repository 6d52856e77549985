"""Phones retry and partners tap at the same moment: on a real PostgreSQL server a visit is
started once, submitted once and its findings registered once; a round is published once.

PostgreSQL only: these tests commit (transaction=True) and Django's flush cannot empty the
append-only audit table on SQLite (its triggers refuse DELETE); on PostgreSQL flush TRUNCATEs.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from chuangwen.audit.models import AuditEvent
from chuangwen.inspections import services
from chuangwen.inspections.models import CheckResult, Kind, RoundSite, Verdict, Visit
from chuangwen.inspections.tests.conftest import inspect, plan_round
from chuangwen.lib import search
from chuangwen.lib.errors import Conflict
from chuangwen.problems.models import Problem

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="commits for real; flush cannot empty the append-only audit table on SQLite (run with DATABASE_URL)",
    ),
]
RUNNERS = 3


@pytest.fixture(autouse=True)
def _clear_search_index():
    yield
    search.clear("problems")  # not a model: flush leaves it


def at_once(calls: list) -> tuple[list, list]:
    """Run each call in its own thread, released together; (results, errors)."""
    barrier = threading.Barrier(len(calls))
    results: list = []
    errors: list = []

    def target(call) -> None:
        try:
            barrier.wait()
            results.append(call())
        except Exception as error:  # noqa: BLE001 - returned to the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


def test_double_submit_registers_the_findings_once(place):
    round_ = plan_round(place)
    inspector, partner = place.world.inspector, place.inspector2
    entry = RoundSite.objects.select_related("site").get(round=round_, site=place.sites_a[0])
    visit = services.start_visit(inspector, entry)
    for item in services.checklist(visit):
        services.answer(inspector, visit, item.pk, verdict=Verdict.FAIL, count=2)

    results, errors = at_once(
        [lambda: services.submit_visit(inspector, visit), lambda: services.submit_visit(partner, visit)] * 2
    )

    assert not errors, errors
    assert {v.pk for v in results} == {visit.pk}
    assert Problem.objects.count() == 3
    assert CheckResult.objects.filter(visit=visit, problem__isnull=True).count() == 0
    assert AuditEvent.objects.filter(event_type="visit.submitted").count() == 1
    assert AuditEvent.objects.filter(event_type="problem.created").count() == 3
    # A retry after the race changes nothing.
    services.submit_visit(inspector, visit)
    assert Problem.objects.count() == 3


def test_partners_starting_at_once_share_one_visit(place):
    round_ = plan_round(place)
    entry = RoundSite.objects.get(round=round_, site=place.sites_a[0])
    calls = [
        lambda: services.start_visit(place.world.inspector, entry),
        lambda: services.start_visit(place.inspector2, entry),
    ]
    results, errors = at_once(calls * 2)
    assert not errors, errors
    assert len({v.pk for v in results}) == 1 and Visit.objects.count() == 1
    assert AuditEvent.objects.filter(event_type="visit.started").count() == 1
    assert AuditEvent.objects.filter(event_type="round.started").count() == 1


def test_double_publish_registers_covert_findings_once(place):
    office, admin = place.world.office_staff, place.world.office_admin
    round_ = plan_round(place, kind=Kind.COVERT)
    for site in place.sites_a[:3]:
        entry = RoundSite.objects.select_related("site").get(round=round_, site=site)
        inspect(place, round_, entry, {place.items[0].pk: Verdict.FAIL})
    services.close_round(office, round_)

    results, errors = at_once(
        [lambda: services.publish_round(office, round_), lambda: services.publish_round(admin, round_)]
    )

    assert len(results) == 1 and len(errors) == 1 and isinstance(errors[0], Conflict), errors
    assert Problem.objects.count() == 3
    assert AuditEvent.objects.filter(event_type="round.published").count() == 1
