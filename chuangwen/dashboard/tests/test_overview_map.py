"""The map's data (一张图): each site's latest result in the rounds the person may see, open
problems where they are, the groups to box and drill into — a secret covert round colours nothing
for the inspected."""

from __future__ import annotations

from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from chuangwen.dashboard.overview_map import FAILED, NOT_INSPECTED, PASSED
from chuangwen.dashboard.tests.overview_support import NOW, ago, make_problem
from chuangwen.inspections.models import Kind, RoundSite, Verdict
from chuangwen.inspections.tests.conftest import inspect, plan_round
from chuangwen.problems.models import Status

pytestmark = pytest.mark.django_db


def _visit(place, round_, verdicts: dict):
    """Inspect the given sites of the round: True fails the first item, False passes everything."""
    entries = {e.site_id: e for e in RoundSite.objects.filter(round=round_).select_related("site")}
    for site, fails in verdicts.items():
        inspect(place, round_, entries[site.pk], {place.items[0].pk: Verdict.FAIL} if fails else {})


@pytest.fixture
def inspected(place):
    a, b = place.sites_a, place.sites_b
    with time_machine.travel("2026-11-02 10:00:00+08:00"):
        first = plan_round(place)
        _visit(place, first, {a[0]: True, a[1]: False, b[0]: True})
    with time_machine.travel("2026-11-09 10:00:00+08:00"):
        second = plan_round(place)
        _visit(place, second, {a[0]: False})
    return first, second


@pytest.fixture
def covert(place, inspected):
    with time_machine.travel("2026-11-16 10:00:00+08:00"):
        round_ = plan_round(place, kind=Kind.COVERT)
        _visit(place, round_, {place.sites_a[1]: True, place.sites_b[1]: True})
    round_.refresh_from_db()
    assert round_.is_secret
    return round_


def _states(client, **params) -> dict[int, int]:
    response = client.get(reverse("overview_map_data"), params)
    assert response.status_code == 200
    return {row[0]: row[3] for row in response.json()["sites"]}


def test_each_site_takes_the_result_of_its_latest_visit(place, inspected, client_for):
    a, b = place.sites_a, place.sites_b
    states = _states(client_for(place.world.leader))
    assert states[a[0].pk] == PASSED  # failed first, passed the week after
    assert states[a[1].pk] == PASSED
    assert states[b[0].pk] == FAILED
    assert [states[s.pk] for s in a[2:] + b[1:]] == [NOT_INSPECTED] * 7
    assert len(states) == 10


def test_a_site_row_is_compact(place, inspected, client_for):
    data = client_for(place.world.leader).get(reverse("overview_map_data")).json()
    row = next(r for r in data["sites"] if r[0] == place.sites_a[0].pk)
    assert row[1:3] == [float(place.sites_a[0].lat), float(place.sites_a[0].lng)]
    assert row[4] == place.sites_a[0].name and row[5] == place.world.district_a.pk and row[6] == "2026-11-09"
    assert [g["name"] for g in data["groups"]] == ["东城区", "西城区"]
    assert data["groups"][0]["url"] == reverse("overview_district", args=[place.world.district_a.pk])


def test_a_secret_round_colours_nothing_for_the_inspected(place, inspected, covert, client_for):
    w = place.world
    a, b = place.sites_a, place.sites_b
    for user in (w.leader, w.district_officer):
        states = _states(client_for(user))
        assert states[a[1].pk] == PASSED, user
        if b[1].pk in states:
            assert states[b[1].pk] == NOT_INSPECTED
    office = _states(client_for(w.office_staff))
    assert office[a[1].pk] == FAILED and office[b[1].pk] == FAILED


def test_a_district_sees_its_sites_boxed_by_street(place, inspected, client_for):
    w = place.world
    data = client_for(w.district_officer).get(reverse("overview_map_data")).json()
    assert sorted(r[0] for r in data["sites"]) == sorted(s.pk for s in place.sites_a)
    assert data["groups"] == [{"id": w.street_a.pk, "name": "东华街道", "url": ""}]
    assert {r[5] for r in data["sites"]} == {w.street_a.pk}
    leader = client_for(w.leader).get(reverse("overview_map_data"), {"district": w.district_b.pk}).json()
    assert sorted(r[0] for r in leader["sites"]) == sorted(s.pk for s in place.sites_b)


def test_open_problems_are_placed_and_flagged(place, client_for):
    w = place.world
    site = place.sites_a[0]
    at_site = make_problem(w.street_a, Status.ASSIGNED, w.dept_a, site=site, deadline=ago(days=-3))
    own = make_problem(w.street_a, Status.ASSIGNED, w.dept_a, lat=Decimal("30.612344"), lng=Decimal("114.3"),
                       deadline=ago(days=400), description="井盖缺失" * 20)  # fmt: skip
    make_problem(w.street_a, Status.CLOSED, w.dept_a, site=site)  # closed: not on the map
    make_problem(w.street_a, Status.ASSIGNED, w.dept_a)  # nowhere to put it
    with time_machine.travel(NOW, tick=False):
        data = client_for(w.leader).get(reverse("overview_map_data")).json()
    rows = {r[0]: r for r in data["problems"]}
    assert set(rows) == {at_site.pk, own.pk}
    assert rows[at_site.pk][1:3] == [float(site.lat), float(site.lng)] and rows[at_site.pk][4] == 0
    assert rows[own.pk][1:3] == [30.61234, 114.3] and rows[own.pk][4] == 1
    assert rows[own.pk][5] == own.code and len(rows[own.pk][6]) == 40
    assert rows[own.pk][7] == w.district_a.pk
    officer_view = client_for(w.district_officer).get(reverse("overview_map_data"), {"district": w.district_a.pk})
    assert len(officer_view.json()["problems"]) == 2


def test_the_map_is_sent_compressed(place, client_for):
    response = client_for(place.world.leader).get(reverse("overview_map_data"), HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
