"""Reopening an ended problem (重新打开), optionally as a rebound found by a follow-up check."""

from __future__ import annotations

import pytest

from chuangwen.problems.models import Problem, Status
from chuangwen.problems.tests.pages_support import action_url, counts, events_of

pytestmark = pytest.mark.django_db


def test_it_reopens_to_the_same_unit(world, client_for, closed):
    response = client_for(world.office_staff).post(action_url("reopen", closed), {"reason": "市民再次反映"})
    assert response.status_code == 302
    saved = Problem.objects.get(pk=closed.pk)
    assert saved.status == Status.ASSIGNED and saved.reopen_count == 1 and saved.rebound_count == 0
    assert events_of(closed, "problem.reopened").get().reason == "市民再次反映"


def test_it_counts_a_rebound(world, client_for, closed):
    data = {"reason": "回头看发现反弹", "rebound": "on"}
    assert client_for(world.district_officer).post(action_url("reopen", closed), data).status_code == 302
    assert Problem.objects.get(pk=closed.pk).rebound_count == 1
    assert events_of(closed, "problem.rebounded").count() == 1


def test_it_needs_a_reason(world, client_for, closed):
    before = counts()
    response = client_for(world.office_staff).post(action_url("reopen", closed), {"reason": ""})
    assert response.status_code == 400
    assert "请填写重新打开的原因" in response.content.decode()
    assert counts() == before


def test_it_answers_409_on_an_open_problem(world, client_for, assigned):
    assert client_for(world.office_staff).post(action_url("reopen", assigned), {"reason": "x"}).status_code == 409


@pytest.mark.parametrize("persona", ["handler", "unit_head", "leader"])
def test_it_answers_403_to_those_who_may_not_reopen(world, client_for, closed, persona):
    before = counts()
    assert client_for(world.personas[persona]).post(action_url("reopen", closed), {"reason": "x"}).status_code == 403
    assert counts() == before


def test_it_answers_404_to_the_outsider(world, client_for, closed):
    assert client_for(world.outsider).post(action_url("reopen", closed), {"reason": "x"}).status_code == 404


def test_it_refuses_get(world, client_for, closed):
    assert client_for(world.office_staff).get(action_url("reopen", closed)).status_code == 405


def test_it_sends_anonymous_to_login(world, client, closed):
    assert client.post(action_url("reopen", closed)).status_code == 302
