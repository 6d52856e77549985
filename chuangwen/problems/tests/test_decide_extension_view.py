"""The office decides a unit's extension request: approve (with the requested or another date) or deny."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from chuangwen.problems import services
from chuangwen.problems.models import Problem, Review, UnitRequest
from chuangwen.problems.tests.pages_support import action_url, counts, events_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(world, in_progress) -> UnitRequest:
    later = timezone.now() + datetime.timedelta(days=20)
    return services.request_extension(world.handler, in_progress, deadline=later, reason="需要采购设备")


def test_it_approves_with_the_requested_date(world, client_for, in_progress, pending):
    html = client_for(world.office_staff).get(reverse("problems:detail", args=[in_progress.pk])).content.decode()
    assert 'id="action-decide_extension"' in html
    assert timezone.localtime(pending.requested_deadline).date().isoformat() in html  # prefilled
    response = client_for(world.office_staff).post(action_url("decide_extension", in_progress), {"decision": "approve"})
    assert response.status_code == 302
    problem = Problem.objects.get(pk=in_progress.pk)
    assert problem.deadline == pending.requested_deadline and problem.extension_count == 1
    assert UnitRequest.objects.get(pk=pending.pk).outcome == Review.APPROVED
    assert events_of(problem, "problem.extension_approved").count() == 1


def test_it_keeps_the_requested_time_when_the_prefilled_day_is_sent(world, client_for, in_progress, pending):
    day = timezone.localtime(pending.requested_deadline).date().isoformat()
    data = {"decision": "approve", "deadline": day}
    assert client_for(world.office_staff).post(action_url("decide_extension", in_progress), data).status_code == 302
    assert Problem.objects.get(pk=in_progress.pk).deadline == pending.requested_deadline


def test_it_approves_with_another_date(world, client_for, in_progress, pending):
    day = timezone.localdate() + datetime.timedelta(days=10)
    data = {"decision": "approve", "deadline": day.isoformat(), "note": "给十天"}
    assert client_for(world.district_officer).post(action_url("decide_extension", in_progress), data).status_code == 302
    assert timezone.localtime(Problem.objects.get(pk=in_progress.pk).deadline).date() == day


def test_it_denies_with_a_reason(world, client_for, in_progress, pending):
    old_deadline = Problem.objects.get(pk=in_progress.pk).deadline
    data = {"decision": "deny", "note": "时限足够"}
    assert client_for(world.office_staff).post(action_url("decide_extension", in_progress), data).status_code == 302
    assert Problem.objects.get(pk=in_progress.pk).deadline == old_deadline
    assert UnitRequest.objects.get(pk=pending.pk).outcome == Review.REJECTED
    assert events_of(in_progress, "problem.extension_denied").get().reason == "时限足够"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"decision": "deny", "note": ""}, "请填写不同意延期的理由"),
        ({"decision": "approve", "deadline": "past"}, "新的整改时限必须晚于当前时间"),
        ({"decision": "maybe"}, "选择一个有效的选项"),
    ],
)
def test_it_answers_bad_input_with_400_and_changes_nothing(world, client_for, in_progress, pending, data, message):
    data = dict(data)
    if data.get("deadline") == "past":
        data["deadline"] = (timezone.localdate() - datetime.timedelta(days=2)).isoformat()
    before = counts()
    response = client_for(world.office_staff).post(action_url("decide_extension", in_progress), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert counts() == before
    assert UnitRequest.objects.get(pk=pending.pk).outcome == Review.PENDING


def test_it_answers_409_without_a_pending_request(world, client_for, in_progress):
    before = counts()
    response = client_for(world.office_staff).post(action_url("decide_extension", in_progress), {"decision": "approve"})
    assert response.status_code == 409
    assert "该问题没有待处理的此类申请" in response.content.decode()
    assert counts() == before


@pytest.mark.parametrize("persona", ["handler", "unit_head", "leader"])
def test_it_answers_403_to_those_who_may_not_decide(world, client_for, in_progress, pending, persona):
    before = counts()
    response = client_for(world.personas[persona]).post(
        action_url("decide_extension", in_progress), {"decision": "approve"}
    )
    assert response.status_code == 403
    assert counts() == before


def test_it_answers_404_to_the_outsider(world, client_for, in_progress, pending):
    assert client_for(world.outsider).post(action_url("decide_extension", in_progress)).status_code == 404


def test_it_refuses_get(world, client_for, in_progress):
    assert client_for(world.office_staff).get(action_url("decide_extension", in_progress)).status_code == 405


def test_it_sends_anonymous_to_login(world, client, in_progress):
    assert client.post(action_url("decide_extension", in_progress)).status_code == 302
