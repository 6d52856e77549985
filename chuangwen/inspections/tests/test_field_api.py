"""The phone's JSON endpoints: who may call them, what they store, and that a retry is harmless."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from chuangwen.audit.models import AuditEvent
from chuangwen.inspections import services
from chuangwen.inspections.models import CheckPhoto, CheckResult, RoundSite, Verdict, VisitStatus
from chuangwen.inspections.tests.conftest import photo_file
from chuangwen.problems.models import Problem
from chuangwen.testing import make_user
from chuangwen.units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(place, planned):
    return (
        RoundSite.objects.filter(round=planned, site__in=place.sites_a).select_related("site").order_by("seq").first()
    )


@pytest.fixture
def visit(place, entry):
    return services.start_visit(place.world.inspector, entry)


def url(name, visit) -> str:
    return reverse(f"inspections:{name}", args=[visit.pk])


def post_json(client, address, data):
    return client.post(address, json.dumps(data), content_type="application/json")


def answer_all(place, visit, verdicts=None):
    for item in place.items:
        verdict = (verdicts or {}).get(item.pk, Verdict.PASS)
        services.answer(place.world.inspector, visit, item.pk, verdict=verdict, count=2 if verdict == "fail" else None)


def snapshot(visit) -> tuple:
    visit.refresh_from_db()
    return (
        AuditEvent.objects.count(),
        CheckResult.objects.count(),
        CheckPhoto.objects.count(),
        Problem.objects.count(),
        visit.status,
        visit.lat,
    )


# --- the state a reopened page restores ----------------------------------------------------------


def test_state_gives_a_reopened_page_everything(place, visit, entry, client_for):
    inspector = place.world.inspector
    services.record_position(inspector, visit, lat=entry.site.lat, lng=entry.site.lng, accuracy=12)
    services.answer(inspector, visit, place.items[1].pk, verdict="fail", count=3, note="两处占道")
    services.add_photo(inspector, visit, place.items[1].pk, photo_file(), client_id="c-1")
    response = client_for(place.inspector2).get(url("visit_state", visit))  # the partner's phone
    assert response.status_code == 200
    state = response.json()
    assert state["visit"]["status"] == "in_progress" and state["visit"]["submitted"] is False
    answer = state["answers"][str(place.items[1].pk)]
    assert (answer["verdict"], answer["count"], answer["note"]) == ("fail", 3, "两处占道")
    assert [p["client_id"] for p in state["photos"]] == ["c-1"]
    assert state["photos"][0]["thumb"].endswith("?size=thumb")
    assert state["position"]["distance_m"] == 0 and state["position"]["far"] is False
    assert state["position"]["accuracy_m"] == 12
    assert state["progress"] == {"answered": 1, "total": 3}
    assert state["threshold_m"] == 300
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.parametrize(
    ("persona", "status"), [("office_staff", 200), ("handler", 403), ("leader", 403), ("outsider", 404)]
)
def test_state_is_for_the_team_and_the_office(place, visit, client_for, persona, status):
    response = client_for(place.world.personas[persona]).get(url("visit_state", visit))
    assert response.status_code == status
    if status != 200:
        assert response.json()["error"]


def test_state_refuses_post_with_405(place, visit, client_for):
    response = client_for(place.world.inspector).post(url("visit_state", visit))
    assert response.status_code == 405
    assert response.json()["error"] == "不支持该请求方法"


# --- answers -----------------------------------------------------------------------------------------


def test_an_answer_is_saved_and_repeating_it_changes_nothing(place, visit, client_for):
    client = client_for(place.world.inspector)
    data = {
        "item": place.items[1].pk,
        "verdict": "fail",
        "count": 2,
        "note": "占道",
        "client_at": "2026-11-05T10:00:00+08:00",
    }
    first = post_json(client, url("answer", visit), data)
    assert first.status_code == 200
    body = first.json()
    assert body["result"]["verdict"] == "fail" and body["result"]["count"] == 2
    assert body["progress"] == {"answered": 1, "total": 3}
    events = AuditEvent.objects.filter(event_type="visit.answered").count()
    again = post_json(client, url("answer", visit), data)
    assert again.status_code == 200 and again.json() == body
    assert CheckResult.objects.filter(visit=visit).count() == 1
    assert AuditEvent.objects.filter(event_type="visit.answered").count() == events == 1


def test_a_late_older_answer_does_not_overwrite_a_newer_one(place, visit, client_for):
    item = place.items[0].pk
    post_json(
        client_for(place.inspector2), url("answer", visit),
        {"item": item, "verdict": "fail", "client_at": "2026-11-05T10:05:00+08:00"},
    )  # fmt: skip
    late = post_json(
        client_for(place.world.inspector), url("answer", visit),
        {"item": item, "verdict": "pass", "client_at": "2026-11-05T10:00:00+08:00"},
    )  # fmt: skip
    assert late.status_code == 200
    assert late.json()["result"]["verdict"] == "fail"  # the phone learns what is kept
    assert CheckResult.objects.get(visit=visit).verdict == "fail"


def test_a_phone_clock_ahead_of_the_server_counts_as_now(place, visit, client_for):
    item = place.items[0].pk
    future = (timezone.now() + datetime.timedelta(days=2)).isoformat()
    post_json(
        client_for(place.world.inspector), url("answer", visit), {"item": item, "verdict": "fail", "client_at": future}
    )
    assert CheckResult.objects.get(visit=visit).client_at <= timezone.now()
    now = timezone.now().isoformat()
    post_json(client_for(place.inspector2), url("answer", visit), {"item": item, "verdict": "pass", "client_at": now})
    assert CheckResult.objects.get(visit=visit).verdict == "pass"


def test_a_form_encoded_answer_is_accepted_too(place, visit, client_for):
    response = client_for(place.world.inspector).post(
        url("answer", visit), {"item": place.items[0].pk, "verdict": "na"}
    )
    assert response.status_code == 200
    assert CheckResult.objects.get(visit=visit).verdict == "na"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"item": 999999}, "item", "该检查项不属于本点位的检查清单"),
        ({"item": "abc"}, "item", "请指定检查项"),
        ({"item": None}, "item", "请指定检查项"),
        ({"verdict": "maybe"}, "verdict", "请选择合格、不合格或不适用"),
        ({"verdict": ""}, "verdict", "请选择合格、不合格或不适用"),
        ({"count": 0}, "count", "问题处数应在 1 到 999 之间"),
        ({"count": 1000}, "count", "问题处数应在 1 到 999 之间"),
        ({"count": "two"}, "count", "问题处数应为整数"),
        ({"note": "长" * 501}, "note", "说明不能超过 500 字"),
        ({"client_at": "yesterday"}, "client_at", "记录时间格式无效"),
    ],
)
def test_a_bad_answer_is_refused_with_its_field_and_changes_nothing(place, visit, client_for, change, field, message):
    before = snapshot(visit)
    data = {"item": place.items[1].pk, "verdict": "fail", "count": 2} | change  # items[1] counts (按处扣分)
    response = post_json(client_for(place.world.inspector), url("answer", visit), data)
    assert response.status_code == 400
    assert response.json() == {"error": message, "field": field}
    assert snapshot(visit) == before


def test_an_item_of_another_site_type_is_refused(place, visit, client_for, world):
    from chuangwen.indicators.models import ChecklistItem
    from chuangwen.testing import make_site_type, make_standard

    other = make_standard(place.edition, site_types=[make_site_type("PARK", "公园")])
    item = ChecklistItem.objects.get(standard=other)
    response = post_json(client_for(world.inspector), url("answer", visit), {"item": item.pk, "verdict": "pass"})
    assert response.status_code == 400 and response.json()["field"] == "item"


def test_a_body_that_is_not_json_is_refused(place, visit, client_for):
    response = client_for(place.world.inspector).post(url("answer", visit), "{oops", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"] == "请求内容不是有效的 JSON"


# --- who may write -------------------------------------------------------------------------------------

WRITES = {
    "answer": lambda place: {"item": place.items[0].pk, "verdict": "pass"},
    "position": lambda place: {"lat": "30.6", "lng": "114.3"},
    "submit": lambda place: {"notes": ""},
}
# Those who see the open round's visit but are not on its team are refused (403); the outsider
# (unit B, whose sites are not visited here) does not find it (404).
REFUSED = [
    ("office_staff", 403),
    ("office_admin", 403),
    ("district_officer", 403),
    ("handler", 403),
    ("unit_head", 403),
    ("leader", 403),
    ("outsider", 404),
    ("grid_worker", None),  # 403 or 404, as the grid's sites go
]


@pytest.mark.parametrize(("persona", "status"), REFUSED)
@pytest.mark.parametrize("name", ["answer", "position", "submit", "visit_photo"])
def test_only_the_team_may_write(place, visit, client_for, persona, status, name):
    answer_all(place, visit)
    before = snapshot(visit)
    client = client_for(place.world.personas[persona])
    if name == "visit_photo":
        response = client.post(url(name, visit), {"item": place.items[0].pk, "client_id": "x", "photo": photo_file()})
    else:
        response = post_json(client, url(name, visit), WRITES[name](place))
    assert response.status_code == status if status else response.status_code in (403, 404)
    assert response.json()["error"]
    assert snapshot(visit) == before


def test_an_inspector_of_another_round_does_not_find_the_visit(place, visit, client_for):
    stranger = make_user("inspector9", Role.INSPECTOR)
    response = post_json(client_for(stranger), url("answer", visit), WRITES["answer"](place))
    assert response.status_code == 404
    assert not CheckResult.objects.exists()


def test_the_partner_writes_to_the_same_visit(place, visit, client_for):
    response = post_json(client_for(place.inspector2), url("answer", visit), WRITES["answer"](place))
    assert response.status_code == 200
    assert CheckResult.objects.get().answered_by == place.inspector2


def test_anonymous_calls_are_sent_to_login(visit, client):
    response = client.post(url("answer", visit), {})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_csrf_header_is_what_a_session_call_needs(place, visit):
    client = Client(enforce_csrf_checks=True)
    client.force_login(place.world.inspector, backend="django.contrib.auth.backends.ModelBackend")
    client.get(url("visit", visit))
    data = json.dumps(WRITES["answer"](place))
    refused = client.post(url("answer", visit), data, content_type="application/json")
    assert refused.status_code == 403 and not CheckResult.objects.exists()
    token = client.cookies["csrftoken"].value
    accepted = client.post(url("answer", visit), data, content_type="application/json", headers={"X-CSRFToken": token})
    assert accepted.status_code == 200


# --- photos ---------------------------------------------------------------------------------------------


def upload(client, visit, item, client_id="3f1c9a52-2b7e-4c55-9a0e-6a1d2f0b9c11", file=None, **extra):
    data = {"item": item.pk, "client_id": client_id, "photo": file or photo_file(), **extra}
    return client.post(url("visit_photo", visit), data)


def test_a_photo_keeps_its_original_and_gets_a_stamped_copy_and_a_thumbnail(place, visit, client_for):
    original = photo_file()
    uploaded_bytes = original.read()
    original.seek(0)
    response = upload(client_for(place.world.inspector), visit, place.items[0], file=original, lat="30.6", lng="114.3")
    assert response.status_code == 200
    photo = CheckPhoto.objects.get()
    assert response.json()["photo"] == {
        "id": photo.pk,
        "item": place.items[0].pk,
        "client_id": "3f1c9a52-2b7e-4c55-9a0e-6a1d2f0b9c11",
        "url": reverse("inspections:photo", args=[photo.pk]),
        "thumb": reverse("inspections:photo", args=[photo.pk]) + "?size=thumb",
    }
    with default_storage.open(photo.original, "rb") as handle:
        assert handle.read() == uploaded_bytes
    with default_storage.open(photo.image, "rb") as handle:
        stamped = Image.open(io.BytesIO(handle.read())).convert("RGB")
    plain = Image.open(io.BytesIO(uploaded_bytes)).convert("RGB")
    assert stamped.size == plain.size
    band = [(x, stamped.height - 3) for x in range(0, stamped.width, 40)]
    assert all(sum(stamped.getpixel(p)) < sum(plain.getpixel(p)) - 60 for p in band)  # darkened
    top = (stamped.width // 2, 10)
    assert abs(sum(stamped.getpixel(top)) - sum(plain.getpixel(top))) < 30  # the rest untouched
    assert default_storage.exists(photo.thumbnail)
    assert (str(photo.lat), str(photo.lng)) == ("30.600000", "114.300000")


def test_the_same_photo_sent_twice_is_one_photo(place, visit, client_for):
    client = client_for(place.world.inspector)
    first = upload(client, visit, place.items[0])
    events = AuditEvent.objects.count()
    again = upload(client, visit, place.items[0])
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert CheckPhoto.objects.count() == 1
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"client_id": ""}, "client_id"),
        ({"client_id": "x" * 65}, "client_id"),
        ({"file": None, "photo": ""}, "photos"),
        ({"item": "nope"}, "item"),
    ],
)
def test_a_bad_photo_upload_is_refused(place, visit, client_for, kwargs, field):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(place.world.inspector)
    data = {"item": place.items[0].pk, "client_id": "c-9", "photo": photo_file()}
    data.update({k: v for k, v in kwargs.items() if k != "file"})
    if "file" in kwargs:
        data.pop("photo")
    response = client.post(url("visit_photo", visit), data)
    assert response.status_code == 400
    assert response.json()["field"] == field
    not_an_image = SimpleUploadedFile("x.jpg", b"not an image at all", content_type="image/jpeg")
    response = upload(client, visit, place.items[0], client_id="c-10", file=not_an_image)
    assert response.status_code == 400 and response.json()["field"] == "photos"
    assert not CheckPhoto.objects.exists()


# --- position -------------------------------------------------------------------------------------------


def test_the_position_is_stored_with_the_distance(place, visit, entry, client_for):
    client = client_for(place.world.inspector)
    near = post_json(
        client, url("position", visit), {"lat": str(entry.site.lat), "lng": str(entry.site.lng), "accuracy": 8}
    )
    assert near.status_code == 200
    assert near.json()["position"]["distance_m"] == 0 and near.json()["position"]["far"] is False
    far = post_json(client, url("position", visit), {"lat": str(entry.site.lat + 1), "lng": str(entry.site.lng)})
    body = far.json()["position"]
    assert body["far"] is True and body["distance_m"] > 100_000
    assert far.json()["threshold_m"] == 300
    visit.refresh_from_db()
    assert visit.far_from_site is True


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"lng": "114"}, "lat"),
        ({"lat": "30"}, "lng"),
        ({"lat": "91", "lng": "1"}, "lat"),
        ({"lat": "x", "lng": "1"}, "lat"),
    ],
)
def test_a_bad_position_is_refused(place, visit, client_for, data, field):
    before = snapshot(visit)
    response = post_json(client_for(place.world.inspector), url("position", visit), data)
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert snapshot(visit) == before


# --- submission ----------------------------------------------------------------------------------------


def test_submitting_with_items_unanswered_says_how_many(place, visit, client_for):
    services.answer(place.world.inspector, visit, place.items[0].pk, verdict="pass")
    before = snapshot(visit)
    response = post_json(client_for(place.world.inspector), url("submit", visit), {})
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "还有 2 项未检查" and body["field"] == "results"
    assert sorted(body["missing"]) == sorted([place.items[1].pk, place.items[2].pk])
    assert snapshot(visit) == before


def test_submitting_twice_gives_one_set_of_problems(place, visit, client_for):
    answer_all(place, visit, {place.items[0].pk: "fail", place.items[1].pk: "fail"})
    client = client_for(place.world.inspector)
    first = post_json(client, url("submit", visit), {"notes": "路段整体较好"})
    assert first.status_code == 200
    body = first.json()
    assert body["visit"]["submitted"] is True and len(body["problems"]) == 2
    events = AuditEvent.objects.count()
    again = post_json(client_for(place.inspector2), url("submit", visit), {"notes": "路段整体较好"})
    assert again.status_code == 200 and again.json() == body
    assert Problem.objects.count() == 2 and AuditEvent.objects.count() == events
    visit.refresh_from_db()
    assert visit.status == VisitStatus.SUBMITTED and visit.notes == "路段整体较好"


def test_after_submission_a_retried_answer_is_fine_and_a_change_is_refused(place, visit, client_for):
    answer_all(place, visit)
    services.submit_visit(place.world.inspector, visit)
    client = client_for(place.world.inspector)
    same = post_json(client, url("answer", visit), {"item": place.items[0].pk, "verdict": "pass"})
    assert same.status_code == 200
    changed = post_json(client, url("answer", visit), {"item": place.items[0].pk, "verdict": "fail"})
    assert changed.status_code == 409
    assert changed.json() == {"error": "本次检查已提交，不能再修改", "field": None}
    late_photo = upload(client, visit, place.items[0], client_id="late")
    assert late_photo.status_code == 409
    assert CheckResult.objects.get(visit=visit, item=place.items[0]).verdict == "pass"
