"""A unit's inbox: assigned, in progress, due soon, sent back, submitted, cooperating; with counts."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from chuangwen.problems import services
from chuangwen.problems.models import Problem
from chuangwen.problems.tests.pages_support import Spread, build_spread

pytestmark = pytest.mark.django_db


@pytest.fixture
def spread(world, place) -> Spread:
    spread = build_spread(world, place)
    services.reject_rectification(world.office_staff, spread.a_submitted, reason="照片看不清")
    services.accept_problem(world.handler, spread.a_overdue)
    return spread


def _url(kind=None) -> str:
    return reverse("problems:inbox", args=[kind]) if kind else reverse("problems:inbox")


def _codes(response) -> list[str]:
    return [p.code for p in response.context["page"].object_list]


def _counts(response) -> dict[str, int]:
    return {t["tab"].kind: t["count"] for t in response.context["tabs"]}


def test_it_opens_on_newly_assigned_with_counts(world, client_for, spread):
    response = client_for(world.handler).get(_url())
    assert response.status_code == 200 and response.context["section"] == "inbox"
    assert _codes(response) == [spread.a_assigned.code]
    counts = {"assigned": 1, "in_progress": 1, "due_soon": 1, "rejected": 1, "submitted": 0, "cooperating": 0}
    assert _counts(response) == counts  # due soon: the overdue one (the others have 3 and 15 days)
    html = response.content.decode()
    assert 'class="inbox-tab active' in html and 'data-count="assigned">1<' in html


def test_it_lists_each_tab(world, client_for, spread):
    client = client_for(world.unit_head)
    assert _codes(client.get(_url("in_progress"))) == [spread.a_overdue.code]
    assert _codes(client.get(_url("rejected"))) == [spread.a_submitted.code]
    assert spread.a_overdue.code in _codes(client.get(_url("due_soon")))
    assert _codes(client.get(_url("submitted"))) == []


def test_it_counts_as_due_soon_within_48_hours_or_overdue(world, client_for, spread):
    now = timezone.now()
    Problem.objects.filter(pk=spread.a_assigned.pk).update(deadline=now + datetime.timedelta(hours=47))
    Problem.objects.filter(pk=spread.a_submitted.pk).update(deadline=now + datetime.timedelta(hours=49))
    codes = _codes(client_for(world.handler).get(_url("due_soon")))
    assert codes == [spread.a_overdue.code, spread.a_assigned.code]  # the most urgent first


def test_it_shows_problems_the_unit_cooperates_on(world, client_for, spread):
    services.assign_problem(
        world.office_staff, spread.b_assigned, unit=world.street_b, cooperating=[world.dept_a], reason="属地主办"
    )
    assert _codes(client_for(world.handler).get(_url("cooperating"))) == [spread.b_assigned.code]


def test_it_shows_the_outsider_only_unit_b(world, client_for, spread):
    client = client_for(world.outsider)
    response = client.get(_url())
    assert _codes(response) == [spread.b_assigned.code]
    assert _counts(response) == {k: int(k == "assigned") for k in _counts(response)}
    for kind in ("in_progress", "due_soon", "rejected", "submitted", "cooperating"):
        assert _codes(client.get(_url(kind))) == []


def test_it_answers_404_to_an_unknown_tab(world, client_for):
    assert client_for(world.handler).get(_url("everything")).status_code == 404


@pytest.mark.parametrize("persona", ["office_staff", "district_officer", "inspector", "leader", "grid_worker"])
def test_it_is_for_unit_people_only(world, client_for, persona):
    assert client_for(world.personas[persona]).get(_url()).status_code == 403


def test_it_needs_a_login(world, client):
    assert client.get(_url()).status_code == 302


def test_it_refuses_post(world, client_for):
    assert client_for(world.handler).post(_url()).status_code == 405
