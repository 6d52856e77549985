"""The unit's requests (extension, dispute) and the office's decisions on them."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from chuangwen.problems import services
from chuangwen.problems.models import Problem, RequestKind, Review, Status, UnitRequest
from chuangwen.problems.tests.api_support import api_client, post_json, problem_url

pytestmark = pytest.mark.django_db


def _later(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def _extension(world, problem) -> UnitRequest:
    return services.request_extension(world.handler, problem, deadline=_later(30), reason="需要采购设备")


def _dispute(world, problem) -> UnitRequest:
    return services.dispute_problem(world.handler, problem, reason="归交通局管理", suggested_unit=world.dept_b)


def test_the_unit_requests_an_extension(world, in_progress):
    data = {"deadline": _later(30).isoformat(), "reason": "需要采购设备"}
    response = post_json(api_client(world.handler), problem_url(in_progress.pk, "extension-requests"), data)
    assert response.status_code == 200, response.json()
    pending = response.json()["pending_request"]
    assert pending["kind"] == RequestKind.EXTENSION and pending["reason"] == "需要采购设备"
    assert "request_extension" not in response.json()["allowed_actions"]


@pytest.mark.parametrize(
    ("data", "status", "field"),
    [
        ({"reason": "需要采购设备"}, 400, "deadline"),
        ({"deadline": "2001-01-01T00:00:00+08:00", "reason": "x"}, 400, "deadline"),
        ({"deadline": "__later__"}, 400, "reason"),
        ({"deadline": "下个月", "reason": "x"}, 422, "deadline"),
    ],
)
def test_a_bad_extension_request_is_refused(world, in_progress, data, status, field):
    data = {k: (_later(30).isoformat() if v == "__later__" else v) for k, v in data.items()}
    response = post_json(api_client(world.handler), problem_url(in_progress.pk, "extension-requests"), data)
    assert response.status_code == status, response.json()
    assert response.json()["field"] == field
    assert not UnitRequest.objects.exists()


def test_a_second_request_while_one_is_pending_is_409(world, in_progress):
    _extension(world, in_progress)
    response = post_json(api_client(world.handler), problem_url(in_progress.pk, "disputes"), {"reason": "不归我们管"})
    assert response.status_code == 409
    assert response.json()["detail"] == "该问题已有待处理的申请"
    assert UnitRequest.objects.count() == 1


def test_the_office_approves_an_extension_with_another_deadline(world, in_progress):
    request = _extension(world, in_progress)
    deadline = _later(20).isoformat()
    url = problem_url(in_progress.pk, f"extension-requests/{request.pk}/decision")
    response = post_json(api_client(world.office_staff), url, {"approve": True, "deadline": deadline})
    assert response.status_code == 200
    assert response.json()["extension_count"] == 1 and response.json()["pending_request"] is None
    request.refresh_from_db()
    assert request.outcome == Review.APPROVED


def test_denying_without_a_note_is_400(world, in_progress):
    request = _extension(world, in_progress)
    url = problem_url(in_progress.pk, f"extension-requests/{request.pk}/decision")
    response = post_json(api_client(world.office_staff), url, {"approve": False})
    assert response.status_code == 400
    assert response.json() == {"detail": "请填写不同意延期的理由", "field": "note"}
    request.refresh_from_db()
    assert request.outcome == Review.PENDING


def test_a_decision_without_approve_is_422(world, in_progress):
    request = _extension(world, in_progress)
    url = problem_url(in_progress.pk, f"extension-requests/{request.pk}/decision")
    response = post_json(api_client(world.office_staff), url, {"note": "好"})
    assert response.status_code == 422
    assert response.json() == {
        "detail": "缺少必填项“approve”",
        "field": "approve",
        "errors": [{"field": "approve", "message": "缺少必填项“approve”"}],
    }


def test_deciding_twice_is_409(world, in_progress):
    request = _extension(world, in_progress)
    url = problem_url(in_progress.pk, f"extension-requests/{request.pk}/decision")
    client = api_client(world.office_staff)
    assert post_json(client, url, {"approve": False, "note": "时限足够"}).status_code == 200
    assert post_json(client, url, {"approve": False, "note": "时限足够"}).status_code == 409


def test_a_request_of_another_problem_or_kind_is_404(world, in_progress):
    request = _dispute(world, in_progress)
    other = services.create_problem(world.office_staff, source="hotline", description="另一问题", address="西华路")
    client = api_client(world.office_staff)
    wrong_kind = problem_url(in_progress.pk, f"extension-requests/{request.pk}/decision")
    wrong_problem = problem_url(other.pk, f"disputes/{request.pk}/decision")
    assert post_json(client, wrong_kind, {"approve": True}).status_code == 404
    assert post_json(client, wrong_problem, {"note": "x"}).status_code == 404


def test_the_unit_disputes_and_the_office_reassigns(world, in_progress):
    response = post_json(
        api_client(world.handler),
        problem_url(in_progress.pk, "disputes"),
        {"reason": "归交通局管理", "suggested_unit": world.dept_b.pk},
    )
    assert response.status_code == 200
    request_id = response.json()["pending_request"]["id"]
    url = problem_url(in_progress.pk, f"disputes/{request_id}/decision")
    decided = post_json(api_client(world.office_staff), url, {"reassign_to": world.dept_b.pk, "note": "同意"})
    assert decided.status_code == 200
    assert decided.json()["responsible_unit"]["id"] == world.dept_b.pk
    assert decided.json()["status"] == Status.ASSIGNED


def test_a_dispute_naming_an_unknown_unit_is_400(world, in_progress):
    data = {"reason": "x", "suggested_unit": 999999}
    response = post_json(api_client(world.handler), problem_url(in_progress.pk, "disputes"), data)
    assert response.status_code == 400
    assert response.json()["field"] == "suggested_unit"
    assert not UnitRequest.objects.exists()


def test_upholding_needs_a_note(world, in_progress):
    request = _dispute(world, in_progress)
    url = problem_url(in_progress.pk, f"disputes/{request.pk}/decision")
    response = post_json(api_client(world.office_staff), url, {})
    assert response.status_code == 400
    assert response.json()["field"] == "note"
    assert Problem.objects.get(pk=in_progress.pk).responsible_unit == world.dept_a
