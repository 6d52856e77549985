"""Rejecting a rectification (退回): the reason is required."""

from __future__ import annotations

import pytest

from chuangwen.problems.models import Problem, Review, Status
from chuangwen.problems.tests.pages_support import action_url, counts, events_of

pytestmark = pytest.mark.django_db


def test_it_sends_the_fix_back_with_the_reason(world, client_for, submitted):
    response = client_for(world.office_staff).post(action_url("reject", submitted), {"reason": "照片看不清"})
    assert response.status_code == 302
    problem = Problem.objects.get(pk=submitted.pk)
    assert problem.status == Status.REJECTED and problem.rework_count == 1
    assert problem.rectifications.get().outcome == Review.REJECTED
    event = events_of(problem, "problem.rejected").get()
    assert event.reason == "照片看不清"


def test_it_needs_a_reason(world, client_for, submitted):
    before = counts()
    response = client_for(world.office_staff).post(action_url("reject", submitted), {"reason": "  "})
    assert response.status_code == 400
    html = response.content.decode()
    assert "请填写退回理由" in html and 'id="form-reject"' in html
    assert counts() == before
    assert Problem.objects.get(pk=submitted.pk).status == Status.SUBMITTED


@pytest.mark.parametrize("persona", ["handler", "unit_head", "leader"])
def test_it_answers_403_to_those_who_may_not_review(world, client_for, submitted, persona):
    before = counts()
    response = client_for(world.personas[persona]).post(action_url("reject", submitted), {"reason": "x"})
    assert response.status_code == 403
    assert counts() == before


def test_it_answers_404_to_the_outsider(world, client_for, submitted):
    assert client_for(world.outsider).post(action_url("reject", submitted), {"reason": "x"}).status_code == 404


def test_it_refuses_get(world, client_for, submitted):
    assert client_for(world.office_staff).get(action_url("reject", submitted)).status_code == 405


def test_it_sends_anonymous_to_login(world, client, submitted):
    assert client.post(action_url("reject", submitted), {"reason": "x"}).status_code == 302
