"""The office decides a unit's dispute: reassign to another unit, or uphold with a reason."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chuangwen.problems import services
from chuangwen.problems.models import Problem, Review, UnitRequest
from chuangwen.problems.tests.pages_support import action_url, counts, events_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(world, in_progress) -> UnitRequest:
    return services.dispute_problem(
        world.handler, in_progress, reason="该路段归街道管理", suggested_unit=world.street_a
    )


def test_it_reassigns_to_the_suggested_unit(world, client_for, in_progress, pending):
    client = client_for(world.office_staff)
    html = client.get(reverse("problems:detail", args=[in_progress.pk])).content.decode()
    assert 'id="action-decide_dispute"' in html
    data = {"decision": "reassign", "unit": world.street_a.pk, "note": "同意转属地"}
    assert client.post(action_url("decide_dispute", in_progress), data).status_code == 302
    problem = Problem.objects.get(pk=in_progress.pk)
    assert problem.responsible_unit == world.street_a
    assert UnitRequest.objects.get(pk=pending.pk).outcome == Review.APPROVED
    assert events_of(problem, "problem.reassigned").count() == 1


def test_it_upholds_with_a_reason(world, client_for, in_progress, pending):
    data = {"decision": "uphold", "note": "属于本单位职责"}
    assert client_for(world.office_staff).post(action_url("decide_dispute", in_progress), data).status_code == 302
    assert Problem.objects.get(pk=in_progress.pk).responsible_unit == world.dept_a
    assert events_of(in_progress, "problem.dispute_upheld").get().reason == "属于本单位职责"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"decision": "uphold", "note": ""}, "请填写维持原交办的理由"),
        ({"decision": "reassign", "unit": ""}, "请选择改派的单位"),
    ],
)
def test_it_answers_bad_input_with_400_and_changes_nothing(world, client_for, in_progress, pending, data, message):
    before = counts()
    response = client_for(world.office_staff).post(action_url("decide_dispute", in_progress), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert counts() == before


def test_it_keeps_the_district_office_within_its_district(world, client_for, in_progress, pending):
    before = counts()
    data = {"decision": "reassign", "unit": world.dept_b.pk, "note": "转交通局"}
    response = client_for(world.district_officer).post(action_url("decide_dispute", in_progress), data)
    assert response.status_code == 403
    assert counts() == before
    assert UnitRequest.objects.get(pk=pending.pk).outcome == Review.PENDING


def test_it_answers_409_without_a_pending_request(world, client_for, in_progress):
    data = {"decision": "uphold", "note": "x"}
    assert client_for(world.office_staff).post(action_url("decide_dispute", in_progress), data).status_code == 409


@pytest.mark.parametrize("persona", ["handler", "unit_head", "leader"])
def test_it_answers_403_to_those_who_may_not_decide(world, client_for, in_progress, pending, persona):
    before = counts()
    data = {"decision": "uphold", "note": "x"}
    assert client_for(world.personas[persona]).post(action_url("decide_dispute", in_progress), data).status_code == 403
    assert counts() == before


def test_it_answers_404_to_the_outsider(world, client_for, in_progress, pending):
    assert client_for(world.outsider).post(action_url("decide_dispute", in_progress)).status_code == 404


def test_it_refuses_get(world, client_for, in_progress):
    assert client_for(world.office_staff).get(action_url("decide_dispute", in_progress)).status_code == 405


def test_it_sends_anonymous_to_login(world, client, in_progress):
    assert client.post(action_url("decide_dispute", in_progress)).status_code == 302
