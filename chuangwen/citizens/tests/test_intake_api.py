"""POST /api/intake and GET /api/intake/{id}: office tokens only, external references kept once,
Idempotency-Key honoured."""

from __future__ import annotations

import pytest

from chuangwen.audit.models import AuditEvent
from chuangwen.citizens import services
from chuangwen.citizens.models import Channel, Report
from chuangwen.citizens.tests.pages_support import make_category, pending_report
from chuangwen.problems.models import Source
from chuangwen.problems.tests.api_support import api_client, photo, post_json, stored_files

pytestmark = pytest.mark.django_db

URL = "/api/intake"
NOT_OFFICE = ["district_officer", "handler", "unit_head", "outsider", "inspector", "leader", "grid_worker"]
KEY = "b4f0c1d2-1111-4d8b-9a4e-2b6f0c1d2e3f"
FIELDS = {
    "id": int, "tracking_code": str, "channel": str, "channel_label": str, "source": str, "external_ref": str,
    "status": str, "status_label": str, "description": str, "category": (dict, type(None)), "address": str,
    "lat": (float, type(None)), "lng": (float, type(None)), "reporter_name": str, "reporter_phone": str,
    "photos": int, "created_at": str, "created_by": (dict, type(None)), "decided_at": (str, type(None)),
    "decision_note": str, "problem": (dict, type(None)), "url": str,
}  # fmt: skip


def _ticket(**changes) -> dict:
    data = {"channel": "hotline", "external_ref": "12345-20261127-0001", "description": "路灯不亮已三天",
            "address": "人民路与中山路路口", "reporter_name": "赵先生", "reporter_phone": "13600000000"}  # fmt: skip
    return data | changes


def _counts():
    return Report.objects.count(), AuditEvent.objects.count()


def test_a_hotline_ticket_is_registered_with_its_reference(world):
    category = make_category()
    response = post_json(api_client(world.office_staff), URL, _ticket(category=category.pk, lat=30.6, lng=114.3))
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == set(FIELDS) and all(isinstance(body[k], t) for k, t in FIELDS.items())
    assert body["channel"] == "hotline" and body["source"] == Source.HOTLINE
    assert body["external_ref"] == "12345-20261127-0001" and body["status"] == "pending"
    assert body["category"] == {"id": category.pk, "name": "市容环境"} and body["problem"] is None
    assert body["created_by"]["id"] == world.office_staff.pk and body["lat"] == 30.6
    report = Report.objects.get()
    assert report.channel == Channel.HOTLINE and report.created_by == world.office_staff


def test_photos_by_multipart(world):
    client = api_client(world.office_admin)
    response = client.post(URL, _ticket(channel="environment", external_ref="HB-1", photos=[photo(), photo()]))
    assert response.status_code == 201, response.content
    assert response.json()["photos"] == 2 and Report.objects.get().photos.count() == 2


def test_get_follows_the_report_to_its_problem(world):
    client = api_client(world.office_staff)
    created = post_json(client, URL, _ticket()).json()
    report = Report.objects.get(pk=created["id"])
    problem = services.accept_report(world.office_staff, report)
    response = client.get(f"{URL}/{report.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "accepted" and body["problem"] == {
        "id": problem.pk,
        "code": problem.code,
        "status": problem.status,
    }
    assert problem.source == Source.HOTLINE and problem.external_ref == "12345-20261127-0001"
    assert client.get(f"{URL}/{report.pk + 100}").status_code == 404


def test_get_reads_citizens_reports_too(world):
    report = pending_report()
    body = api_client(world.office_staff).get(f"{URL}/{report.pk}").json()
    assert body["channel"] == "web" and body["reporter_phone"] == "13912345678"


def test_the_same_reference_twice_is_refused(world):
    client = api_client(world.office_staff)
    post_json(client, URL, _ticket())
    before = _counts()
    response = post_json(client, URL, _ticket(description="另一件"))
    assert response.status_code == 400
    assert response.json() == {"detail": "外部编号 12345-20261127-0001 已登记过", "field": "external_ref"}
    assert _counts() == before
    assert post_json(client, URL, _ticket(channel="petition")).status_code == 201


@pytest.mark.parametrize(
    ("changes", "status", "field"),
    [
        ({"channel": "web"}, 422, "channel"),
        ({"external_ref": ""}, 422, "external_ref"),
        ({"description": ""}, 400, "description"),
        ({"address": ""}, 400, "address"),
        ({"lat": 91, "lng": 114}, 422, "lat"),
        ({"category": 999}, 400, "category"),
        ({"reporter_phone": "电话"}, 400, "phone"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(world, changes, status, field):
    client = api_client(world.office_staff)
    before = _counts()
    response = post_json(client, URL, _ticket(**changes))
    assert response.status_code == status, response.content
    assert response.json()["field"] == field and response.json()["detail"]
    assert _counts() == before


def test_a_refused_photo_stores_nothing(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("a.jpg", b"not an image", content_type="image/jpeg")
    response = api_client(world.office_staff).post(URL, _ticket(photos=[photo(), bad]))
    assert response.status_code == 400 and Report.objects.count() == 0 and stored_files() == []


def test_a_retry_with_the_same_key_registers_once(world):
    client = api_client(world.office_staff)
    first = post_json(client, URL, _ticket(), headers={"Idempotency-Key": KEY})
    retry = post_json(client, URL, _ticket(), headers={"Idempotency-Key": KEY})
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json() and retry["Idempotent-Replayed"] == "true"
    assert Report.objects.count() == 1
    other = post_json(client, URL, _ticket(external_ref="12345-2"), headers={"Idempotency-Key": KEY})
    assert other.status_code == 422 and Report.objects.count() == 1
    assert post_json(client, URL, _ticket(), headers={"Idempotency-Key": "bad key"}).status_code == 400


@pytest.mark.parametrize("persona", NOT_OFFICE)
def test_only_office_tokens(world, persona):
    report = pending_report()
    client = api_client(world.personas[persona])
    before = _counts()
    response = post_json(client, URL, _ticket())
    assert response.status_code == 403 and response.json()["detail"]
    assert client.get(f"{URL}/{report.pk}").status_code == 403
    assert _counts() == before


def test_anonymous_is_401(world):
    from django.test import Client

    assert post_json(Client(), URL, _ticket()).status_code == 401
    assert Client().get(f"{URL}/1").status_code == 401
