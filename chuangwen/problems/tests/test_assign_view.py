"""Assigning (交办) and reassigning (改派) from the problem's page."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from chuangwen.problems.models import Problem, Status
from chuangwen.problems.tests.pages_support import action_url, counts, events_of

pytestmark = pytest.mark.django_db


def _local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_it_assigns_to_the_proposed_unit_with_its_cooperating_units(world, client_for, new_problem):
    data = {"unit": world.dept_a.pk, "cooperating": [world.street_a.pk], "reason": ""}
    response = client_for(world.office_staff).post(action_url("assign", new_problem), data)
    assert response.status_code == 302
    assert response.url == reverse("problems:detail", args=[new_problem.pk])
    problem = Problem.objects.get(pk=new_problem.pk)
    assert problem.status == Status.ASSIGNED
    assert problem.responsible_unit == world.dept_a
    assert list(problem.cooperating_units.all()) == [world.street_a]
    assert problem.deadline > timezone.now()
    assert events_of(problem, "problem.assigned").count() == 1


def test_it_preselects_the_proposal_on_the_page(world, client_for, new_problem):
    html = client_for(world.office_staff).get(reverse("problems:detail", args=[new_problem.pk])).content.decode()
    assert f'<option value="{world.dept_a.pk}" selected>' in html
    assert "点位包保单位，且为该测评标准的责任单位" in html


def test_it_takes_a_chosen_deadline(world, client_for, new_problem):
    deadline = timezone.now() + datetime.timedelta(days=2)
    data = {"unit": world.dept_a.pk, "deadline": _local(deadline)}
    assert client_for(world.office_staff).post(action_url("assign", new_problem), data).status_code == 302
    saved = Problem.objects.get(pk=new_problem.pk).deadline
    assert abs((saved - deadline).total_seconds()) < 60


def test_it_needs_a_reason_for_another_unit_than_proposed(world, client_for, new_problem):
    client = client_for(world.office_staff)
    before = counts()
    response = client.post(action_url("assign", new_problem), {"unit": world.street_a.pk})
    assert response.status_code == 400
    assert "请说明理由" in response.content.decode()
    assert counts() == before
    response = client.post(action_url("assign", new_problem), {"unit": world.street_a.pk, "reason": "属地处理更快"})
    assert response.status_code == 302
    event = events_of(new_problem, "problem.assigned").get()
    assert event.reason == "属地处理更快"


def test_it_refuses_a_deadline_in_the_past(world, client_for, new_problem):
    before = counts()
    data = {"unit": world.dept_a.pk, "deadline": _local(timezone.now() - datetime.timedelta(hours=3))}
    response = client_for(world.office_staff).post(action_url("assign", new_problem), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "整改时限必须晚于当前时间" in html
    assert 'id="action-assign"' in html  # the form is shown again, open, with the message
    assert counts() == before


def test_it_refuses_an_unknown_unit(world, client_for, new_problem):
    response = client_for(world.office_staff).post(action_url("assign", new_problem), {"unit": 999999})
    assert response.status_code == 400
    assert "所选单位不存在或已停用" in response.content.decode()


def test_it_lets_the_district_office_assign_within_its_district(world, client_for, new_problem):
    client = client_for(world.district_officer)
    response = client.post(action_url("assign", new_problem), {"unit": world.dept_b.pk, "reason": "转交"})
    assert response.status_code == 403
    assert "区文明办只能交办给本区的单位" in response.content.decode()
    response = client.post(action_url("assign", new_problem), {"unit": world.street_a.pk, "reason": "属地"})
    assert response.status_code == 302
    assert Problem.objects.get(pk=new_problem.pk).responsible_unit == world.street_a


def test_it_reassigns_a_problem_with_a_unit(world, client_for, assigned):
    client = client_for(world.office_staff)
    assert "改派" in client.get(reverse("problems:detail", args=[assigned.pk])).content.decode()
    response = client.post(action_url("assign", assigned), {"unit": world.street_a.pk, "reason": "属地管理"})
    assert response.status_code == 302
    assert Problem.objects.get(pk=assigned.pk).responsible_unit == world.street_a
    assert events_of(assigned, "problem.reassigned").count() == 1


def test_it_answers_409_on_a_closed_problem(world, client_for, closed):
    before = counts()
    response = client_for(world.office_staff).post(action_url("assign", closed), {"unit": world.dept_a.pk})
    assert response.status_code == 409
    assert counts() == before


@pytest.mark.parametrize("persona", ["handler", "unit_head", "leader"])
def test_it_answers_403_to_those_who_see_it_but_may_not_assign(world, client_for, assigned, persona):
    before = counts()
    response = client_for(world.personas[persona]).post(action_url("assign", assigned), {"unit": world.street_a.pk})
    assert response.status_code == 403
    assert counts() == before


def test_it_hides_a_new_problem_from_the_unit(world, client_for, new_problem):
    response = client_for(world.handler).post(action_url("assign", new_problem), {"unit": world.dept_a.pk})
    assert response.status_code == 404


def test_it_answers_404_to_the_outsider(world, client_for, assigned):
    before = counts()
    response = client_for(world.outsider).post(action_url("assign", assigned), {"unit": world.dept_b.pk, "reason": "x"})
    assert response.status_code == 404
    assert counts() == before


def test_it_refuses_get(world, client_for, new_problem):
    assert client_for(world.office_staff).get(action_url("assign", new_problem)).status_code == 405


def test_it_sends_anonymous_to_login(world, client, new_problem):
    response = client.post(action_url("assign", new_problem), {"unit": world.dept_a.pk})
    assert response.status_code == 302 and "/accounts/login/" in response.url
