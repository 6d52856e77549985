"""Open311 POST and GET requests in both formats, as real clients send them (form-encoded, or
multipart with a photo), with the spec's fields and types, errors and limits."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

import pytest
import time_machine

from chuangwen.audit.models import AuditEvent
from chuangwen.citizens import services
from chuangwen.citizens.models import Channel, Report, ReportPhoto, ReportStatus
from chuangwen.citizens.services import open311_keys
from chuangwen.citizens.tests.open311_support import (
    BASE,
    SPEC_POST_FIELDS,
    errors_of,
    list_everything,
    make_key,
    make_service,
    parse,
)
from chuangwen.problems.tests.pages_support import jpeg_upload
from chuangwen.testing import make_site, make_site_type

pytestmark = pytest.mark.django_db
FORMATS = ["xml", "json"]
FORM = "application/x-www-form-urlencoded; charset=utf-8"
REQUEST_FIELDS = {
    "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
    "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
    "address", "address_id", "zipcode", "lat", "long", "media_url",
}  # fmt: skip


def _rows(response, fmt):
    data = parse(response)
    if fmt == "xml":
        tag, data = data
        assert tag == "service_requests"
    return data


def _post(client, fmt, fields, **extra):
    return client.post(f"{BASE}/requests.{fmt}", urlencode(fields), content_type=FORM, **extra)


@pytest.fixture
def open311(world):
    category = make_service(world)
    key, secret = make_key(world)
    return category, key, secret


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_spec_example_post_creates_a_pending_report(world, client, open311, fmt):
    category, key, secret = open311
    response = _post(client, fmt, SPEC_POST_FIELDS | {"api_key": secret})
    assert response.status_code == 200, response.content
    (answer,) = _rows(response, fmt)
    assert set(answer) == {"service_request_id", "token", "service_notice", "account_id"}
    report = Report.objects.get()
    assert answer["service_request_id"] == report.tracking_code and answer["token"] == report.token
    assert answer["account_id"] == "123456" and answer["service_notice"]
    assert report.channel == Channel.OPEN311 and report.status == ReportStatus.PENDING
    assert report.open311_key == key and report.category == category
    assert report.reporter_name == "王先生" and report.reporter_phone == "13912345678"
    assert report.reporter_email == "smith@example.org" and report.address == "东华路12号"
    assert report.attributes == {"area": "3.5", "kind": "2"}
    assert report.media_url == SPEC_POST_FIELDS["media_url"]
    assert report.description == "人行道上有一堆建筑垃圾\n已经三天了"


@pytest.mark.parametrize("fmt", FORMATS)
def test_get_one_request_has_the_spec_fields_and_no_personal_data(world, client, open311, fmt):
    _, _, secret = open311
    list_everything(world)
    with time_machine.travel("2026-11-27 10:00:00+08:00", tick=False):
        code = _rows(_post(client, "json", SPEC_POST_FIELDS | {"api_key": secret}), "json")[0]["service_request_id"]
        response = client.get(f"{BASE}/requests/{code}.{fmt}")
    assert response.status_code == 200
    (row,) = _rows(response, fmt)
    assert set(row) == REQUEST_FIELDS
    assert row["service_request_id"] == code and row["status"] == "open" and row["status_notes"] == "待受理"
    assert row["service_code"] == "sanitation" and row["service_name"] == "环境卫生"
    assert row["requested_datetime"] == "2026-11-27T10:00:00+08:00"
    assert row["updated_datetime"].endswith("+08:00")
    assert row["media_url"] == SPEC_POST_FIELDS["media_url"]
    if fmt == "json":
        assert row["lat"] == 30.6001 and row["long"] == 114.3001 and row["expected_datetime"] is None
    else:
        assert float(row["lat"]) == 30.6001 and row["address_id"] == ""
    body = response.content.decode()
    for private in ("13912345678", "smith@example.org", "王先生", "tt222111", "123456"):
        assert private not in body


def test_multivaluelist_and_all_datatypes_are_kept(world, client, open311):
    _, _, secret = open311
    body = urlencode(SPEC_POST_FIELDS | {"api_key": secret, "attribute[where]": "公交站旁",
                     "attribute[seen_at]": "2026-11-27T08:30:00Z", "attribute[details]": "第一行\n第二行",
                     "attribute[unknown]": "ignored"})  # fmt: skip
    body += "&attribute[smell][]=odor&attribute[smell][]=water"
    assert client.post(f"{BASE}/requests.xml", body, content_type=FORM).status_code == 200
    assert Report.objects.get().attributes == {
        "where": "公交站旁", "area": "3.5", "seen_at": "2026-11-27T16:30:00+08:00", "details": "第一行\n第二行",
        "kind": "2", "smell": ["odor", "water"],
    }  # fmt: skip


@pytest.mark.parametrize("fmt", FORMATS)
def test_bad_attributes_are_all_reported_and_nothing_is_stored(world, client, open311, fmt):
    _, _, secret = open311
    fields = SPEC_POST_FIELDS | {"api_key": secret, "attribute[area]": "三平方", "attribute[kind]": "9",
                                 "attribute[seen_at]": "yesterday", "attribute[where]": "a\nb"}  # fmt: skip
    fields.pop("lat"), fields.pop("long"), fields.pop("address_string")
    body = urlencode(fields) + "&attribute[smell][]=odor&attribute[smell][]=fire"
    events = AuditEvent.objects.count()
    response = client.post(f"{BASE}/requests.{fmt}", body, content_type=FORM)
    assert response.status_code == 400
    text = " ".join(e["description"] for e in errors_of(response, fmt))
    for needle in ("area", "kind", "seen_at", "where", "smell", "位置"):
        assert needle in text
    fields = SPEC_POST_FIELDS | {"api_key": secret}
    del fields["attribute[kind]"]
    response = _post(client, fmt, fields)
    assert response.status_code == 400 and "attribute[kind]" in errors_of(response, fmt)[0]["description"]
    assert Report.objects.count() == 0 and AuditEvent.objects.count() == events


@pytest.mark.parametrize("fmt", FORMATS)
def test_missing_unknown_or_revoked_api_key_is_403(world, client, open311, fmt):
    _, key, secret = open311
    open311_keys.revoke_key(world.office_admin, key)
    events = AuditEvent.objects.count()
    for fields in (
        SPEC_POST_FIELDS,
        SPEC_POST_FIELDS | {"api_key": "o311_guess"},
        SPEC_POST_FIELDS | {"api_key": secret},
    ):
        response = _post(client, fmt, fields)
        assert response.status_code == 403
        (error,) = errors_of(response, fmt)
        assert str(error["code"]) == "403" and "api_key" in error["description"]
    assert Report.objects.count() == 0 and AuditEvent.objects.count() == events


@pytest.mark.parametrize("fmt", FORMATS)
def test_service_code_missing_is_400_and_unknown_is_404(world, client, open311, fmt):
    _, _, secret = open311
    fields = SPEC_POST_FIELDS | {"api_key": secret}
    assert _post(client, fmt, fields | {"service_code": ""}).status_code == 400
    response = _post(client, fmt, fields | {"service_code": "potholes"})
    assert response.status_code == 404 and "potholes" in errors_of(response, fmt)[0]["description"]


def test_a_key_over_its_hourly_limit_gets_429(world, client):
    make_service(world)
    _, secret = make_key(world, rate_limit_per_hour=2)
    fields = SPEC_POST_FIELDS | {"api_key": secret}
    with time_machine.travel("2026-11-27 10:00:00+08:00", tick=False):
        for i in range(2):
            assert _post(client, "json", fields | {"phone": f"1391234567{i}"}).status_code == 200
        response = _post(client, "json", fields | {"phone": "13912345679"})
    assert response.status_code == 429 and "2" in errors_of(response, "json")[0]["description"]
    with time_machine.travel("2026-11-27 11:00:01+08:00", tick=False):
        assert _post(client, "json", fields | {"phone": "13912345679"}).status_code == 200
    assert Report.objects.count() == 3


def test_the_citizens_limits_apply_to_open311(world, client, open311):
    _, _, secret = open311
    fields = SPEC_POST_FIELDS | {"api_key": secret, "device_id": ""}
    with time_machine.travel("2026-11-27 10:00:00+08:00", tick=False):
        for _ in range(10):
            assert _post(client, "xml", fields).status_code == 200
        response = _post(client, "xml", fields)
    assert response.status_code == 429 and "每分钟最多提交 10 条" in errors_of(response, "xml")[0]["description"]
    assert Report.objects.count() == 10


def test_a_photo_uploaded_as_media_is_kept_and_served(world, client, open311):
    _, _, secret = open311
    list_everything(world)
    fields = SPEC_POST_FIELDS | {"api_key": secret, "media_url": ""}
    response = client.post(f"{BASE}/requests.json", fields | {"media": jpeg_upload()})
    assert response.status_code == 200, response.content
    report = Report.objects.get()
    assert ReportPhoto.objects.filter(report=report).count() == 1
    (row,) = _rows(client.get(f"{BASE}/requests/{report.tracking_code}.json"), "json")
    assert row["media_url"] == f"http://testserver{BASE}/media/{report.tracking_code}.jpg"
    photo = client.get(row["media_url"])
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"
    services.reject_report(world.office_staff, report, reason="不属实")
    assert client.get(row["media_url"]).status_code == 404


def test_a_file_that_is_not_an_image_is_refused(world, client, open311):
    from chuangwen.problems.tests.pages_support import text_upload

    _, _, secret = open311
    response = client.post(f"{BASE}/requests.xml", SPEC_POST_FIELDS | {"api_key": secret, "media": text_upload()})
    assert response.status_code == 400 and Report.objects.count() == 0


def test_address_id_alone_is_a_location_and_description_may_be_empty(world, client, open311):
    _, _, secret = open311
    fields = {"api_key": secret, "service_code": "sanitation", "address_id": "545483", "attribute[area]": "1",
              "attribute[kind]": "1"}  # fmt: skip
    assert _post(client, "xml", fields).status_code == 200
    report = Report.objects.get()
    assert "545483" in report.address and report.description == "环境卫生" and report.reporter_phone == ""


@pytest.mark.parametrize("fmt", FORMATS)
def test_token_answers_the_service_request_id(world, client, open311, fmt):
    _, _, secret = open311
    answer = _rows(_post(client, "json", SPEC_POST_FIELDS | {"api_key": secret}), "json")[0]
    response = client.get(f"{BASE}/tokens/{answer['token']}.{fmt}")
    assert _rows(response, fmt) == [{"service_request_id": answer["service_request_id"], "token": answer["token"]}]
    missing = client.get(f"{BASE}/tokens/0000.{fmt}")
    assert missing.status_code == 404 and errors_of(missing, fmt)
    assert client.get(f"{BASE}/requests/NOPE.{fmt}").status_code == 404


def _submit(description, category=None, channel=Channel.WEB, **extra):
    return services.submit_report(channel=channel, description=description, category=category, lat="30.600100",
                                  lng="114.300100", **extra)  # fmt: skip


@pytest.mark.parametrize("fmt", FORMATS)
def test_get_requests_filters_and_states(world, client, open311, fmt):
    category, key, _ = open311
    list_everything(world)
    make_site(make_site_type(), world.community_a, lat="30.600000", lng="114.300000")
    with time_machine.travel("2026-08-01 10:00:00+08:00", tick=False):
        old = _submit("很久以前", category)
    with time_machine.travel("2026-11-20 10:00:00+08:00", tick=False):
        pending = _submit("待受理", category, channel=Channel.OPEN311, open311_key=key)
        accepted = _submit("将被受理", category)
        rejected = _submit("将被驳回")
        _submit("热线来的", channel=Channel.HOTLINE, address="东华路", actor=world.office_staff)
        problem = services.accept_report(world.office_staff, accepted)
        services.reject_report(world.office_staff, rejected, reason="描述不清")
    with time_machine.travel("2026-11-27 10:00:00+08:00", tick=False):
        everything = _rows(client.get(f"{BASE}/requests.{fmt}"), fmt)
        ids = [r["service_request_id"] for r in everything]
        assert ids[0] == rejected.tracking_code  # newest first; the hotline report and the old one are not listed
        assert set(ids) == {pending.tracking_code, accepted.tracking_code, rejected.tracking_code}
        rows = {r["service_request_id"]: r for r in everything}
        assert rows[accepted.tracking_code]["agency_responsible"] == problem.responsible_unit.name
        assert rows[accepted.tracking_code]["status_notes"].startswith("已交办")
        assert rows[accepted.tracking_code]["expected_datetime"].endswith("+08:00")
        assert rows[rejected.tracking_code]["status"] == "closed"
        assert rows[rejected.tracking_code]["status_notes"] == "不予受理：描述不清"

        def ids_for(query):
            return {r["service_request_id"] for r in _rows(client.get(f"{BASE}/requests.{fmt}?{query}"), fmt)}

        assert ids_for("status=closed") == {rejected.tracking_code}
        assert ids_for("status=open") == {pending.tracking_code, accepted.tracking_code}
        assert ids_for("status=open,closed") == set(ids)
        assert ids_for("service_code=sanitation,other") == {pending.tracking_code, accepted.tracking_code}
        assert ids_for(f"service_request_id={old.tracking_code},{pending.tracking_code}&status=closed") == {
            old.tracking_code, pending.tracking_code
        }  # fmt: skip
        assert ids_for("start_date=2026-07-30T00:00:00Z&end_date=2026-08-02T00:00:00Z") == {old.tracking_code}
        assert ids_for("start_date=2026-11-20T00:00:00+08:00") == set(ids)  # "+" unescaped arrives as a space
        assert ids_for("end_date=2026-08-02T00:00:00Z") == {old.tracking_code}
        assert ids_for("page_size=2") == set(ids[:2]) and ids_for("page_size=2&page=2") == {ids[2]}
        assert ids_for("page=3&page_size=2") == set()
        for bad in ("start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z", "status=pending",
                    "start_date=yesterday", "page_size=1001", "page=0"):  # fmt: skip
            response = client.get(f"{BASE}/requests.{fmt}?{bad}")
            assert response.status_code == 400 and errors_of(response, fmt), bad


def test_get_requests_defaults_to_90_days_and_1000(world, client, open311):
    category, _, _ = open311
    list_everything(world)
    now = datetime.datetime(2026, 11, 27, 10, tzinfo=datetime.UTC)
    with time_machine.travel(now - datetime.timedelta(days=91), tick=False):
        _submit("太早", category)
    with time_machine.travel(now - datetime.timedelta(days=89), tick=False):
        recent = _submit("最近", category)
    with time_machine.travel(now, tick=False):
        rows = _rows(client.get(f"{BASE}/requests.json"), "json")
    assert [r["service_request_id"] for r in rows] == [recent.tracking_code]
