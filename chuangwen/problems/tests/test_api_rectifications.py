"""POST /api/problems/{id}/rectifications (multipart), /approve and /reject."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chuangwen.audit.models import AuditEvent
from chuangwen.problems.models import Problem, Rectification, Status
from chuangwen.problems.tests.api_support import api_client, photo, post_json, problem_url, stored_files

pytestmark = pytest.mark.django_db


def _submit(client, problem, data):
    return client.post(problem_url(problem.pk, "rectifications"), data)


def test_the_unit_submits_a_fix_with_photos(world, in_progress):
    response = _submit(api_client(world.handler), in_progress, {"note": "已清理", "photos": [photo(), photo("b.jpg")]})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == Status.SUBMITTED
    (rectification,) = body["rectifications"]
    assert rectification["note"] == "已清理" and len(rectification["photos"]) == 2
    assert len(stored_files()) == 4


def test_a_rejected_problem_can_be_resubmitted(world, submitted):
    post_json(api_client(world.office_staff), problem_url(submitted.pk, "reject"), {"reason": "照片看不清"})
    response = _submit(api_client(world.handler), submitted, {"note": "重新清理", "photos": [photo()]})
    assert response.status_code == 201
    assert [r["outcome"] for r in response.json()["rectifications"]] == ["rejected", "pending"]


@pytest.mark.parametrize(
    ("data", "message", "field"),
    [
        ({"note": "已清理"}, "请上传整改后的照片", "photos"),
        ({"photos": "__photo__"}, "请填写整改说明", "note"),
        ({"note": "  ", "photos": "__photo__"}, "请填写整改说明", "note"),
        ({"note": "x" * 2001, "photos": "__photo__"}, "整改说明最多 2000 个字", "note"),
        ({"note": "已清理", "photos": "__fake__"}, "文件不是有效的图片（支持 JPG、PNG、WebP）", "photos"),
    ],
)
def test_it_refuses_bad_input_and_stores_nothing(world, in_progress, data, message, field):
    files = {
        "__photo__": [photo()],
        "__fake__": [photo(), SimpleUploadedFile("x.jpg", b"GIF89a not really", content_type="image/jpeg")],
    }
    data = {k: files.get(v, v) if isinstance(v, str) else v for k, v in data.items()}
    client = api_client(world.handler)
    events = AuditEvent.objects.count()
    response = _submit(client, in_progress, data)
    assert response.status_code == 400, response.json()
    assert response.json() == {"detail": message, "field": field}
    assert stored_files() == []
    assert not Rectification.objects.exists()
    assert AuditEvent.objects.count() == events


def test_submitting_to_a_problem_under_review_is_409_and_stores_nothing(world, submitted):
    response = _submit(api_client(world.handler), submitted, {"note": "再交一次", "photos": [photo()]})
    assert response.status_code == 409
    assert stored_files() == []


def test_the_office_approves(world, submitted):
    response = post_json(api_client(world.office_staff), problem_url(submitted.pk, "approve"), {"note": "整改到位"})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == Status.CLOSED and body["closed_on_time"] is True
    assert body["rectifications"][0]["review_note"] == "整改到位"
    assert body["allowed_actions"] == ["reopen"]


def test_approve_needs_no_body(world, submitted):
    response = api_client(world.office_staff).post(problem_url(submitted.pk, "approve"))
    assert response.status_code == 200


def test_approving_a_problem_not_under_review_is_409(world, in_progress):
    response = post_json(api_client(world.office_staff), problem_url(in_progress.pk, "approve"))
    assert response.status_code == 409
    assert Problem.objects.get(pk=in_progress.pk).status == Status.IN_PROGRESS


def test_the_office_rejects_with_a_reason(world, submitted):
    response = post_json(api_client(world.office_staff), problem_url(submitted.pk, "reject"), {"reason": "照片看不清"})
    assert response.status_code == 200
    assert response.json()["status"] == Status.REJECTED
    assert response.json()["rectifications"][0]["review_note"] == "照片看不清"


def test_rejecting_without_a_reason_is_400_and_changes_nothing(world, submitted):
    response = post_json(api_client(world.office_staff), problem_url(submitted.pk, "reject"), {})
    assert response.status_code == 400
    assert response.json() == {"detail": "请填写退回理由", "field": "reason"}
    assert Problem.objects.get(pk=submitted.pk).status == Status.SUBMITTED


def test_a_malformed_json_body_is_400(world, submitted):
    url = problem_url(submitted.pk, "reject")
    response = api_client(world.office_staff).post(url, "{reason:", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "请求内容不是有效的 JSON"
