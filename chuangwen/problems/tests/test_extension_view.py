"""A unit asks for more time (申请延期): a date and a reason."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from chuangwen.problems.models import RequestKind, Review, UnitRequest
from chuangwen.problems.tests.pages_support import action_url, counts, events_of

pytestmark = pytest.mark.django_db


def _day(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def test_it_files_the_request(world, client_for, in_progress):
    data = {"deadline": _day(30), "reason": "需要采购设备"}
    response = client_for(world.handler).post(action_url("request_extension", in_progress), data)
    assert response.status_code == 302
    request = UnitRequest.objects.get(problem=in_progress)
    assert request.kind == RequestKind.EXTENSION and request.outcome == Review.PENDING
    local = timezone.localtime(request.requested_deadline)
    assert local.date().isoformat() == _day(30) and (local.hour, local.minute) == (23, 59)
    assert events_of(in_progress, "problem.extension_requested").get().reason == "需要采购设备"


def test_it_shows_the_pending_request_and_offers_no_second_one(world, client_for, in_progress):
    client = client_for(world.handler)
    client.post(action_url("request_extension", in_progress), {"deadline": _day(30), "reason": "需要采购设备"})
    html = client.get(reverse("problems:detail", args=[in_progress.pk])).content.decode()
    assert 'id="pending-request"' in html and "需要采购设备" in html
    assert 'id="action-request_extension"' not in html and 'id="action-dispute"' not in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"deadline": "", "reason": "需要采购设备"}, "请选择申请延至的日期"),
        ({"deadline": "2026-13-45", "reason": "需要采购设备"}, "日期"),
        ({"deadline": "past", "reason": "需要采购设备"}, "申请延至的日期不能早于今天"),
        ({"deadline": "today", "reason": "需要采购设备"}, "申请的时限必须晚于当前整改时限"),
        ({"deadline": "later", "reason": ""}, "请填写延期理由"),
    ],
)
def test_it_answers_bad_input_with_400_and_changes_nothing(world, client_for, in_progress, data, message):
    data = dict(data)
    data["deadline"] = {"past": _day(-1), "today": _day(0), "later": _day(30)}.get(data["deadline"], data["deadline"])
    before = counts()
    response = client_for(world.handler).post(action_url("request_extension", in_progress), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert counts() == before


def test_it_answers_409_when_a_request_is_pending(world, client_for, in_progress):
    client = client_for(world.handler)
    client.post(action_url("request_extension", in_progress), {"deadline": _day(30), "reason": "需要采购设备"})
    before = counts()
    response = client.post(action_url("request_extension", in_progress), {"deadline": _day(40), "reason": "再延"})
    assert response.status_code == 409
    assert "该问题已有待处理的申请" in response.content.decode()
    assert counts() == before


@pytest.mark.parametrize("persona", ["office_staff", "district_officer", "leader"])
def test_it_answers_403_to_those_who_are_not_the_unit(world, client_for, in_progress, persona):
    before = counts()
    data = {"deadline": _day(30), "reason": "x"}
    assert (
        client_for(world.personas[persona]).post(action_url("request_extension", in_progress), data).status_code == 403
    )
    assert counts() == before


def test_it_answers_404_to_the_outsider(world, client_for, in_progress):
    data = {"deadline": _day(30), "reason": "x"}
    assert client_for(world.outsider).post(action_url("request_extension", in_progress), data).status_code == 404


def test_it_refuses_get(world, client_for, in_progress):
    assert client_for(world.handler).get(action_url("request_extension", in_progress)).status_code == 405


def test_it_sends_anonymous_to_login(world, client, in_progress):
    assert client.post(action_url("request_extension", in_progress)).status_code == 302
