"""Approving a rectification (审核通过, 销号)."""

from __future__ import annotations

import pytest

from chuangwen.problems.models import Problem, Review, Status
from chuangwen.problems.tests.pages_support import action_url, counts, events_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["office_staff", "office_admin", "district_officer"])
def test_it_approves_and_closes(world, client_for, submitted, persona):
    response = client_for(world.personas[persona]).post(action_url("approve", submitted), {"note": "整改到位"})
    assert response.status_code == 302
    problem = Problem.objects.get(pk=submitted.pk)
    assert problem.status == Status.CLOSED and problem.closed_on_time is True
    rectification = problem.rectifications.get()
    assert rectification.outcome == Review.APPROVED and rectification.review_note == "整改到位"
    assert events_of(problem, "problem.approved").count() == 1


def test_it_answers_409_when_nothing_waits_for_review(world, client_for, in_progress):
    before = counts()
    response = client_for(world.office_staff).post(action_url("approve", in_progress))
    assert response.status_code == 409
    assert "不能审核通过" in response.content.decode()
    assert counts() == before


@pytest.mark.parametrize("persona", ["handler", "unit_head", "leader"])
def test_it_answers_403_to_those_who_may_not_review(world, client_for, submitted, persona):
    before = counts()
    response = client_for(world.personas[persona]).post(action_url("approve", submitted))
    assert response.status_code == 403
    assert "只有文明办（或本区文明办）可以办理此操作" in response.content.decode()
    assert counts() == before


def test_it_answers_404_to_the_outsider(world, client_for, submitted):
    assert client_for(world.outsider).post(action_url("approve", submitted)).status_code == 404
    assert Problem.objects.get(pk=submitted.pk).status == Status.SUBMITTED


def test_it_refuses_get(world, client_for, submitted):
    assert client_for(world.office_staff).get(action_url("approve", submitted)).status_code == 405


def test_it_sends_anonymous_to_login(world, client, submitted):
    assert client.post(action_url("approve", submitted)).status_code == 302
