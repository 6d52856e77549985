"""Accepting (签收) an assigned problem."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chuangwen.problems.models import Problem, Status
from chuangwen.problems.tests.pages_support import action_url, counts, events_of

pytestmark = pytest.mark.django_db


def test_it_accepts(world, client_for, assigned):
    response = client_for(world.handler).post(action_url("accept", assigned))
    assert response.status_code == 302
    assert response.url == reverse("problems:detail", args=[assigned.pk])
    assert Problem.objects.get(pk=assigned.pk).status == Status.IN_PROGRESS
    assert events_of(assigned, "problem.accepted").count() == 1


def test_it_is_offered_only_to_the_unit_while_assigned(world, client_for, assigned):
    url = reverse("problems:detail", args=[assigned.pk])
    assert 'id="action-accept"' in client_for(world.handler).get(url).content.decode()
    assert 'id="action-accept"' not in client_for(world.office_staff).get(url).content.decode()
    client_for(world.handler).post(action_url("accept", assigned))
    assert 'id="action-accept"' not in client_for(world.handler).get(url).content.decode()


def test_it_answers_409_when_already_accepted(world, client_for, in_progress):
    before = counts()
    response = client_for(world.handler).post(action_url("accept", in_progress))
    assert response.status_code == 409
    assert "不能签收" in response.content.decode()
    assert counts() == before


@pytest.mark.parametrize("persona", ["office_staff", "district_officer", "leader"])
def test_it_answers_403_to_those_who_are_not_the_unit(world, client_for, assigned, persona):
    before = counts()
    assert client_for(world.personas[persona]).post(action_url("accept", assigned)).status_code == 403
    assert counts() == before


@pytest.mark.parametrize("persona", ["outsider", "inspector", "grid_worker"])
def test_it_answers_404_to_those_who_cannot_see_it(world, client_for, assigned, persona):
    assert client_for(world.personas[persona]).post(action_url("accept", assigned)).status_code == 404
    assert Problem.objects.get(pk=assigned.pk).status == Status.ASSIGNED


def test_it_refuses_get(world, client_for, assigned):
    assert client_for(world.handler).get(action_url("accept", assigned)).status_code == 405


def test_it_sends_anonymous_to_login(world, client, assigned):
    assert client.post(action_url("accept", assigned)).status_code == 302
