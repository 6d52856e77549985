"""What the public sees over Open311 before triage. By default GET requests lists only reports the
office accepted, with the text as the office approved it; pending, rejected and duplicate reports
are not listed, and asked for by their id they answer their status only. A city may list all."""

from __future__ import annotations

import pytest

from chuangwen.audit.models import AuditEvent
from chuangwen.citizens import services
from chuangwen.citizens.models import CitizenSettings, PublicListing
from chuangwen.citizens.services.settings import FIELDS
from chuangwen.citizens.tests.open311_support import BASE, list_everything, parse
from chuangwen.citizens.tests.public_support import public_category, submitted
from chuangwen.problems.models import Problem

pytestmark = pytest.mark.django_db
FORMATS = ["xml", "json"]
SECRET_WORDS = "隔壁张三家门口"  # what a citizen wrote that the office keeps out of the public text


def _form(**changes) -> dict:
    """The settings page's form as it is, with some values changed."""
    row = CitizenSettings.current()
    return {name: str(getattr(row, name)) for name in FIELDS} | changes


def _rows(response, fmt) -> list[dict]:
    assert response.status_code == 200, response.content
    data = parse(response)
    return data[1] if fmt == "xml" else data


@pytest.fixture
def reports(world):
    category = public_category(world)
    pending = submitted(category, description=f"待受理：{SECRET_WORDS}堆放垃圾")
    accepted = submitted(category, description=f"已受理：{SECRET_WORDS}井盖缺失", client_address="10.0.0.2")
    services.accept_report(world.office_staff, accepted, public_text="东华路井盖缺失")
    rejected = submitted(category, description=f"不予受理：{SECRET_WORDS}", client_address="10.0.0.3")
    services.reject_report(world.office_staff, rejected, reason="描述不清")
    duplicate = submitted(category, description=f"重复：{SECRET_WORDS}", client_address="10.0.0.4")
    services.mark_duplicate(world.office_staff, duplicate, Problem.objects.get())
    return {"pending": pending, "accepted": accepted, "rejected": rejected, "duplicate": duplicate}


@pytest.mark.parametrize("fmt", FORMATS)
def test_anyone_sees_only_accepted_reports_with_the_approved_text(world, client, reports, fmt):
    response = client.get(f"{BASE}/requests.{fmt}")
    rows = _rows(response, fmt)
    assert [r["service_request_id"] for r in rows] == [reports["accepted"].tracking_code]
    assert rows[0]["description"] == "东华路井盖缺失"
    assert rows[0]["lat"] and rows[0]["media_url"]
    body = response.content.decode()
    for name in ("pending", "rejected", "duplicate"):
        assert reports[name].tracking_code not in body
    assert SECRET_WORDS not in body


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", ["pending", "rejected", "duplicate"])
def test_a_report_not_public_answers_its_status_only_by_its_id(world, client, reports, fmt, name):
    code = reports[name].tracking_code
    for url in (f"{BASE}/requests/{code}.{fmt}", f"{BASE}/requests.{fmt}?service_request_id={code}"):
        response = client.get(url)
        (row,) = _rows(response, fmt)
        assert row["service_request_id"] == code and row["status"] in ("open", "closed") and row["status_notes"]
        assert not any(row[f] for f in ("description", "lat", "long", "address", "media_url", "service_code"))
        assert SECRET_WORDS not in response.content.decode()
    assert client.get(f"{BASE}/media/{code}.jpg").status_code == 404


def test_the_reporter_still_sees_their_pending_report_state(world, client, reports):
    (row,) = _rows(client.get(f"{BASE}/requests/{reports['pending'].tracking_code}.json"), "json")
    assert row["status"] == "open" and row["status_notes"] == "待受理"
    (row,) = _rows(client.get(f"{BASE}/requests/{reports['rejected'].tracking_code}.json"), "json")
    assert row["status"] == "closed" and row["status_notes"] == "不予受理：描述不清"


def test_an_accepted_report_photo_is_served(world, client, reports):
    assert client.get(f"{BASE}/media/{reports['accepted'].tracking_code}.jpg").status_code == 200


def test_acceptance_keeps_the_report_text_when_the_office_leaves_it(world):
    report = submitted(public_category(world), description="人行道上堆放建筑垃圾")
    services.accept_report(world.office_staff, report)
    report.refresh_from_db()
    assert report.public_text == "人行道上堆放建筑垃圾"
    event = AuditEvent.objects.get(event_type="report.accepted")
    assert event.after["public_text"] == "人行道上堆放建筑垃圾"


def test_the_triage_page_sets_the_public_text(world, client_for):
    report = submitted(public_category(world), description=f"{SECRET_WORDS}堆放垃圾")
    client = client_for(world.office_staff)
    page = client.get(f"/citizens/triage/?current={report.pk}").content.decode()
    assert 'name="public_text"' in page
    response = client.post(f"/citizens/triage/{report.pk}/accept/", {"severity": "minor", "public_text": "堆放垃圾"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "accepted" and report.public_text == "堆放垃圾"


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_city_that_lists_all_reports_shows_them_all(world, client, reports, fmt):
    list_everything(world)
    rows = _rows(client.get(f"{BASE}/requests.{fmt}"), fmt)
    assert {r["service_request_id"] for r in rows} == {r.tracking_code for r in reports.values()}
    pending = next(r for r in rows if r["service_request_id"] == reports["pending"].tracking_code)
    assert pending["description"] == reports["pending"].description and pending["lat"]
    assert client.get(f"{BASE}/media/{reports['pending'].tracking_code}.jpg").status_code == 200
    discovery = parse(client.get(f"{BASE}/discovery.{fmt}"))
    discovery = discovery[1] if fmt == "xml" else discovery
    assert "列出全部市民反映" in discovery["description"]


def test_the_discovery_changeset_moves_when_the_rule_changes(world, client):
    before = client.get(f"{BASE}/discovery.json").json()
    assert "只列出文明办已受理的反映" in before["description"]
    list_everything(world)
    after = client.get(f"{BASE}/discovery.json").json()
    assert "列出全部市民反映" in after["description"]
    assert AuditEvent.objects.filter(event_type="citizen_settings.updated").exists()
    assert after["changeset"] >= before["changeset"]
    assert "列出全部市民反映" in client.get(f"{BASE}/").content.decode()


def test_the_settings_page_switches_the_rule(world, client_for):
    client = client_for(world.office_staff)
    page = client.get("/citizens/settings/").content.decode()
    assert 'id="open311-listing"' in page and "仅已受理的反映" in page
    assert client.post("/citizens/settings/", _form(open311_listing="all")).status_code == 302
    assert CitizenSettings.current().open311_listing == PublicListing.ALL


def test_a_bad_rule_is_refused_in_chinese_and_changes_nothing(world, client_for):
    events = AuditEvent.objects.count()
    response = client_for(world.office_staff).post("/citizens/settings/", _form(open311_listing="everyone"))
    assert response.status_code == 400 and "“Open311 公开范围”的取值无效" in response.content.decode()
    assert CitizenSettings.current().open311_listing == PublicListing.ACCEPTED
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("persona", ["handler", "outsider", "district_officer", "inspector", "leader"])
def test_no_one_but_the_office_switches_the_rule(world, client_for, persona):
    response = client_for(world.personas[persona]).post("/citizens/settings/", _form(open311_listing="all"))
    assert response.status_code == 403
    assert CitizenSettings.current().open311_listing == PublicListing.ACCEPTED
