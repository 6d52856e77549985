"""POST /api/problems/{id}/assign and /accept."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from chuangwen.audit.models import AuditEvent
from chuangwen.problems.models import Problem, Status
from chuangwen.problems.tests.api_support import api_client, post_json, problem_url

pytestmark = pytest.mark.django_db


def _assign(client, problem, data):
    return post_json(client, problem_url(problem.pk, "assign"), data)


def test_it_assigns_to_the_proposed_unit_with_the_policy_deadline(world, new_problem):
    response = _assign(api_client(world.office_staff), new_problem, {})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == Status.ASSIGNED
    assert body["responsible_unit"]["id"] == world.dept_a.pk
    assert body["deadline"] is not None


def test_it_assigns_to_another_unit_with_cooperating_units_and_a_deadline(world, new_problem):
    deadline = "2099-06-30T18:00:00"  # Beijing time when no offset is given
    data = {"unit": world.street_a.pk, "cooperating": [world.dept_a.pk], "deadline": deadline, "reason": "属地处理"}
    body = _assign(api_client(world.district_officer), new_problem, data).json()
    assert body["responsible_unit"]["id"] == world.street_a.pk
    assert body["cooperating_units"] == [{"id": world.dept_a.pk, "name": "市城管局"}]
    problem = Problem.objects.get(pk=new_problem.pk)
    assert timezone.localtime(problem.deadline).replace(tzinfo=None) == datetime.datetime(2099, 6, 30, 18)


@pytest.mark.parametrize(
    ("data", "status", "field"),
    [
        ({"unit": 999999, "reason": "x"}, 400, "unit"),
        ({"unit": "市城管局"}, 422, "unit"),
        ({"cooperating": [999999]}, 400, "cooperating"),
        ({"cooperating": "1,2"}, 422, "cooperating"),
        ({"deadline": "明天"}, 422, "deadline"),
        ({"deadline": "2001-01-01T00:00:00+08:00"}, 400, "deadline"),
        ({"unit": "__street__"}, 400, "reason"),
        ({"reason": "x" * 2001}, 422, "reason"),
    ],
)
def test_it_refuses_bad_input_and_changes_nothing(world, new_problem, data, status, field):
    if data.get("unit") == "__street__":
        data = {"unit": world.street_a.pk}  # not the proposed unit, and no reason
    client = api_client(world.office_staff)
    events = AuditEvent.objects.count()
    response = _assign(client, new_problem, data)
    assert response.status_code == status, response.json()
    assert response.json()["field"] == field
    assert response.json()["detail"]
    assert Problem.objects.get(pk=new_problem.pk).status == Status.NEW
    assert AuditEvent.objects.count() == events


def test_it_refuses_a_body_that_is_not_an_object(world, new_problem):
    response = _assign(api_client(world.office_staff), new_problem, [1, 2])
    assert response.status_code == 400
    assert response.json()["detail"] == "请求内容须为 JSON 对象"


def test_it_refuses_a_district_office_assigning_outside_its_district(world, new_problem):
    response = _assign(api_client(world.district_officer), new_problem, {"unit": world.street_b.pk, "reason": "x"})
    assert response.status_code == 403
    assert response.json()["detail"] == "区文明办只能交办给本区的单位"


def test_it_answers_409_for_a_closed_problem(world, closed):
    response = _assign(api_client(world.office_staff), closed, {"unit": world.street_a.pk, "reason": "x"})
    assert response.status_code == 409
    assert response.json()["detail"] == "问题当前状态为“已销号”，不能交办"


def test_the_unit_accepts(world, assigned):
    response = api_client(world.unit_head).post(problem_url(assigned.pk, "accept"))
    assert response.status_code == 200
    assert response.json()["status"] == Status.IN_PROGRESS
    assert response.json()["allowed_actions"] == ["submit", "request_extension", "dispute"]


def test_accepting_twice_is_409(world, in_progress):
    response = api_client(world.handler).post(problem_url(in_progress.pk, "accept"))
    assert response.status_code == 409
