"""A unit says the problem is not theirs (申请转办), optionally naming whose it is."""

from __future__ import annotations

import pytest

from chuangwen.problems.models import RequestKind, UnitRequest
from chuangwen.problems.tests.pages_support import action_url, counts, events_of

pytestmark = pytest.mark.django_db


def test_it_files_the_dispute_with_a_suggested_unit(world, client_for, assigned):
    data = {"reason": "该路段归交通局管理", "suggested_unit": world.dept_b.pk}
    response = client_for(world.handler).post(action_url("dispute", assigned), data)
    assert response.status_code == 302
    request = UnitRequest.objects.get(problem=assigned)
    assert request.kind == RequestKind.DISPUTE and request.suggested_unit == world.dept_b
    assert events_of(assigned, "problem.dispute_requested").get().reason == "该路段归交通局管理"


def test_it_files_a_dispute_without_a_suggestion(world, client_for, in_progress):
    response = client_for(world.unit_head).post(action_url("dispute", in_progress), {"reason": "不属于本单位"})
    assert response.status_code == 302
    assert UnitRequest.objects.get(problem=in_progress).suggested_unit is None


def test_it_needs_a_reason(world, client_for, assigned):
    before = counts()
    response = client_for(world.handler).post(action_url("dispute", assigned), {"reason": ""})
    assert response.status_code == 400
    assert "请填写转办理由" in response.content.decode()
    assert counts() == before


def test_it_answers_409_on_a_submitted_problem(world, client_for, submitted):
    before = counts()
    response = client_for(world.handler).post(action_url("dispute", submitted), {"reason": "不属于本单位"})
    assert response.status_code == 409
    assert counts() == before


@pytest.mark.parametrize("persona", ["office_staff", "district_officer", "leader"])
def test_it_answers_403_to_those_who_are_not_the_unit(world, client_for, assigned, persona):
    before = counts()
    assert client_for(world.personas[persona]).post(action_url("dispute", assigned), {"reason": "x"}).status_code == 403
    assert counts() == before


def test_it_answers_404_to_the_outsider(world, client_for, assigned):
    assert client_for(world.outsider).post(action_url("dispute", assigned), {"reason": "x"}).status_code == 404


def test_it_refuses_get(world, client_for, assigned):
    assert client_for(world.handler).get(action_url("dispute", assigned)).status_code == 405


def test_it_sends_anonymous_to_login(world, client, assigned):
    assert client.post(action_url("dispute", assigned)).status_code == 302
