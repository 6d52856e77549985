"""POST /api/problems: register a problem by JSON or multipart with photos."""

from __future__ import annotations

import pytest

from chuangwen.audit.models import AuditEvent
from chuangwen.problems.models import PhotoKind, Problem, ProblemPhoto, Status
from chuangwen.problems.tests.api_support import api_client, photo, post_json, problem_url, stored_files

pytestmark = pytest.mark.django_db


def test_it_creates_a_problem_from_json(world, place):
    client = api_client(world.office_staff)
    response = post_json(
        client,
        problem_url(),
        {"source": "inspection", "description": "东华路人行道占道经营", "site": place.site.pk, "severity": "major"},
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    problem = Problem.objects.get()
    assert body["id"] == problem.pk and body["code"] == problem.code
    assert body["status"] == Status.NEW and body["status_label"] == "待分派"
    assert body["site"] == {"id": place.site.pk, "name": "东华路"}
    assert body["district"]["id"] == world.district_a.pk
    assert "assign" in body["allowed_actions"]
    assert problem.created_by == world.office_staff
    assert AuditEvent.objects.filter(event_type="problem.created", object_id=str(problem.pk)).exists()


def test_it_creates_a_problem_with_photos_by_multipart(world, place):
    client = api_client(world.inspector)
    response = client.post(
        problem_url(),
        {
            "source": "inspection",
            "description": "垃圾桶满溢",
            "site": str(place.site.pk),
            "lat": "",
            "photos": [photo("a.jpg"), photo("b.png", "blue")],
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert [p["kind"] for p in body["photos"]] == [PhotoKind.BEFORE, PhotoKind.BEFORE]
    assert len(stored_files()) == 4  # two photos, two thumbnails
    photo_response = client.get(body["photos"][0]["url"])
    assert photo_response.status_code == 200
    assert photo_response["Content-Type"] == "image/jpeg"


def test_it_refuses_a_role_that_may_not_register_and_stores_nothing(world, place):
    client = api_client(world.handler)
    events = AuditEvent.objects.count()
    response = client.post(
        problem_url(), {"source": "inspection", "description": "x", "site": place.site.pk, "photos": [photo()]}
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "您无权登记问题", "field": None}
    assert not Problem.objects.exists() and not ProblemPhoto.objects.exists()
    assert stored_files() == []
    assert AuditEvent.objects.count() == events


def test_it_refuses_an_inspector_registering_another_source(world, place):
    response = post_json(
        api_client(world.inspector), problem_url(), {"source": "hotline", "description": "x", "site": place.site.pk}
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "您不能登记该来源的问题", "field": "source"}


def test_it_answers_422_for_a_missing_description(world, place):
    response = post_json(api_client(world.office_staff), problem_url(), {"source": "inspection"})
    assert response.status_code == 422
    body = response.json()
    assert body["field"] == "description"
    assert body["detail"] == "缺少必填项“description”"
    assert not Problem.objects.exists()


def test_it_answers_422_for_a_wrong_type(world, place):
    response = post_json(
        api_client(world.office_staff), problem_url(), {"source": "inspection", "description": "x", "site": "东华路"}
    )
    assert response.status_code == 422
    assert response.json()["field"] == "site"
    assert "整数" in response.json()["detail"]


def test_it_answers_400_for_a_body_that_is_not_json(world):
    response = api_client(world.office_staff).post(problem_url(), "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "请求内容不是有效的 JSON"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("site", 999999, "点位不存在或已停用"),
        ("category", 999999, "问题类别不存在"),
        ("standard", 999999, "测评标准不存在"),
    ],
)
def test_it_answers_400_for_an_unknown_reference(world, place, field, value, message):
    data = {"source": "inspection", "description": "x", "address": "东华路1号", field: value}
    response = post_json(api_client(world.office_staff), problem_url(), data)
    assert response.status_code == 400
    assert response.json() == {"detail": message, "field": field}
    assert not Problem.objects.exists()


def test_it_answers_400_for_an_unknown_source(world):
    response = post_json(api_client(world.office_staff), problem_url(), {"source": "rumour", "description": "x"})
    assert response.status_code == 400
    assert response.json()["field"] == "source"


def test_it_refuses_a_file_that_is_not_an_image_and_keeps_nothing(world, place):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("x.jpg", b"not an image at all", content_type="image/jpeg")
    response = api_client(world.office_staff).post(
        problem_url(),
        {"source": "inspection", "description": "x", "site": place.site.pk, "photos": [photo(), fake]},
    )
    assert response.status_code == 400
    assert response.json()["field"] == "photos"
    assert stored_files() == []
    assert not Problem.objects.exists()


def test_it_refuses_more_than_nine_photos_before_storing_any(world, place):
    photos = [photo(f"{i}.jpg") for i in range(10)]
    response = api_client(world.office_staff).post(
        problem_url(), {"source": "inspection", "description": "x", "site": place.site.pk, "photos": photos}
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "照片最多 9 张", "field": "photos"}
    assert stored_files() == []


def test_it_refuses_get_on_a_write_only_path(world, new_problem):
    response = api_client(world.office_staff).get(problem_url(new_problem.pk, "assign"))
    assert response.status_code == 405
