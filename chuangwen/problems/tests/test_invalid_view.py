"""Closing a problem as invalid (无效), with a reason."""

from __future__ import annotations

import pytest

from chuangwen.problems.models import Problem, Status
from chuangwen.problems.tests.pages_support import action_url, counts, events_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fixture", ["new_problem", "assigned", "submitted"])
def test_it_closes_an_open_problem_as_invalid(request, world, client_for, fixture):
    problem = request.getfixturevalue(fixture)
    response = client_for(world.office_staff).post(action_url("mark_invalid", problem), {"reason": "现场无此问题"})
    assert response.status_code == 302
    saved = Problem.objects.get(pk=problem.pk)
    assert saved.status == Status.INVALID and saved.end_reason == "现场无此问题"
    assert events_of(problem, "problem.marked_invalid").count() == 1


def test_it_needs_a_reason(world, client_for, assigned):
    before = counts()
    response = client_for(world.office_staff).post(action_url("mark_invalid", assigned), {"reason": ""})
    assert response.status_code == 400
    assert "请填写无效原因" in response.content.decode()
    assert counts() == before


def test_it_answers_409_on_a_closed_problem(world, client_for, closed):
    before = counts()
    assert client_for(world.office_staff).post(action_url("mark_invalid", closed), {"reason": "x"}).status_code == 409
    assert counts() == before


@pytest.mark.parametrize("persona", ["handler", "unit_head", "leader"])
def test_it_answers_403_to_those_who_may_not_close(world, client_for, assigned, persona):
    before = counts()
    assert (
        client_for(world.personas[persona]).post(action_url("mark_invalid", assigned), {"reason": "x"}).status_code
        == 403
    )
    assert counts() == before


def test_it_answers_404_to_the_outsider(world, client_for, assigned):
    assert client_for(world.outsider).post(action_url("mark_invalid", assigned), {"reason": "x"}).status_code == 404


def test_it_refuses_get(world, client_for, assigned):
    assert client_for(world.office_staff).get(action_url("mark_invalid", assigned)).status_code == 405


def test_it_sends_anonymous_to_login(world, client, assigned):
    assert client.post(action_url("mark_invalid", assigned)).status_code == 302
