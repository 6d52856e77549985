"""A unit's score card and the simulator: who may open them, the drill-down against the stored
scores, a secret round's scores, and the after-rank of a small case worked out by hand."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from chuangwen.assessment.models import ScoreRun, StandardScore
from chuangwen.assessment.tests.pages_fixtures import INSPECTED, scored_fixture, secret_fixture  # noqa: F401 - fixtures
from chuangwen.audit.models import AuditEvent
from chuangwen.inspections.models import CheckResult, Verdict, Visit
from chuangwen.testing import make_user
from chuangwen.units.models import Role

pytestmark = pytest.mark.django_db


def card(unit, **params):
    return reverse("assessment:unit", args=[unit.pk]), params


def sim(unit):
    return reverse("assessment:simulate", args=[unit.pk])


def test_who_opens_a_units_card(place, scored, client_for):
    w = place.world
    cases = {
        w.dept_a: {"office_admin", "office_staff", "leader", "handler", "unit_head"},
        w.district_a: {"office_admin", "office_staff", "leader", "district_officer"},
        w.street_a: {"office_admin", "office_staff", "leader", "district_officer"},
        w.district_b: {"office_admin", "office_staff", "leader"},
    }
    for unit, allowed in cases.items():
        url = reverse("assessment:unit", args=[unit.pk])
        for name, user in w.personas.items():
            expected = 200 if name in allowed else 404
            assert client_for(user).get(url).status_code == expected, (unit.code, name)


def test_the_outsider_is_denied_unit_a_everywhere(place, scored, client_for):
    w = place.world
    outsider = client_for(w.outsider)
    events = AuditEvent.objects.count()
    for url in (reverse("assessment:unit", args=[w.dept_a.pk]), sim(w.dept_a)):
        assert outsider.get(url, {"round": scored.pk}).status_code == 404
        assert outsider.get(url).status_code == 404
    assert AuditEvent.objects.count() == events


def test_the_card_shows_the_stored_losses_sites_and_costly_problems(place, scored, client_for):
    w = place.world
    body = client_for(w.district_officer).get(reverse("assessment:unit", args=[w.district_a.pk])).content.decode()
    run = ScoreRun.objects.get(round=scored, is_current=True)
    s1 = StandardScore.objects.get(run=run, unit=w.district_a, standard=place.items[0].standard)
    assert f"{s1.lost:.2f}" == "0.67"  # 2 − 2 × 4/6
    assert 'id="summary-score">88.89<' in body and "2<small" in body
    assert re.findall(r'data-standard="([^"]+)" data-lost="([^"]+)"', body) == [(s1.standard.code, "0.67")]
    for site in place.sites_a[:2]:
        assert site.name in body
    assert place.sites_a[2].name not in body and place.sites_b[0].name not in body
    visits = Visit.objects.filter(round=scored, site__in=place.sites_a[:2])
    for visit in visits:
        assert reverse("inspections:visit_detail", args=[visit.pk]) in body
    problems = CheckResult.objects.filter(round=scored, verdict=Verdict.FAIL).select_related("problem")
    assert len(problems) == 2
    gains = re.findall(r'class="text-end text-success fw-semibold gain">\+([0-9.]+)<', body)
    assert gains == ["5.55", "5.55"]  # each fix: 88.89 → 94.44
    for result in problems:
        assert result.problem.code in body


def test_a_secret_rounds_scores_are_404_for_the_inspected(place, secret, client_for):
    w = place.world
    people = {**w.personas, "inspector_other": make_user("inspector_other", Role.INSPECTOR)}
    units = {"district_officer": w.district_a, "handler": w.dept_a, "unit_head": w.dept_a, "leader": w.district_b}
    for name in INSPECTED:
        client = client_for(people[name])
        unit = units.get(name, w.dept_a)
        for url in (reverse("assessment:unit", args=[unit.pk]), sim(unit)):
            response = client.get(url, {"round": secret.pk})
            assert response.status_code in (403, 404), (name, url)
            plain = client.get(url)
            assert secret.code not in plain.content.decode(), (name, url)
    office = client_for(w.office_staff)
    assert office.get(reverse("assessment:unit", args=[w.district_b.pk]), {"round": secret.pk}).status_code == 200


def _after(body: str) -> tuple[str, str]:
    row = re.search(
        r'<tr id="sim-after".*?class="text-end score">([^<]*)<.*?class="text-end rank">([^<]*)<', body, re.S
    )
    return row.group(1), row.group(2)


def test_the_simulator_by_hand(place, scored, client_for):
    w = place.world
    problems = list(
        CheckResult.objects.filter(round=scored, verdict=Verdict.FAIL)
        .order_by("pk")
        .values_list("problem_id", flat=True)
    )
    office = client_for(w.office_staff)
    url = sim(w.district_a)
    form = office.get(url).content.decode()
    assert form.count('name="problem"') == 2 and form.count(" checked>") == 2 and 'id="sim-result"' not in form
    both = office.get(url, {"round": scored.pk, "run": 1, "problem": problems}).content.decode()
    # Both fixed: district A 100.00, tied first with district B.
    assert _after(both) == ("100.00", "1")
    assert re.search(r'id="sim-me" data-unit="DA" data-rank="1"', both)
    one = office.get(url, {"round": scored.pk, "run": 1, "problem": problems[:1]}).content.decode()
    assert _after(one) == ("94.44", "2")
    stranger = office.get(url, {"round": scored.pk, "run": 1, "problem": [999999, "x"]}).content.decode()
    assert _after(stranger) == ("88.89", "2")  # ids not offered are ignored: nothing fixed


def test_who_may_simulate(place, scored, client_for):
    w = place.world
    assert client_for(w.handler).get(sim(w.dept_a)).status_code == 200
    assert client_for(w.leader).get(sim(w.district_a)).status_code == 200
    assert client_for(w.district_officer).get(sim(w.district_a)).status_code == 403
    assert client_for(w.handler).get(sim(w.district_a)).status_code == 404
    assert client_for(w.grid_worker).get(sim(w.district_a)).status_code == 404
