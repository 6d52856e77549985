"""随手拍 through the page: the form, a stored report with its photos, refusals that keep what the
citizen typed, the honeypot, and the limits answered with 429."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from chuangwen.audit.models import AuditEvent
from chuangwen.citizens.models import Channel, Report, ReportPhoto
from chuangwen.citizens.services.intake import fingerprint
from chuangwen.citizens.tests.public_support import (
    PHONE,
    REPORT_URL,
    form_data,
    jpeg,
    public_category,
    stored_files,
)
from chuangwen.problems.models import ProblemCategory
from chuangwen.problems.tests.pages_support import text_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def category(world):
    return public_category(world)


def _nothing_stored(events: int) -> None:
    assert Report.objects.count() == 0 and ReportPhoto.objects.count() == 0
    assert AuditEvent.objects.count() == events
    assert stored_files() == []


def test_the_form_is_public_and_made_for_phones(world, category, client):
    ProblemCategory.objects.create(code="service", name="窗口服务", is_public=False)
    ProblemCategory.objects.create(code="old", name="旧类别", is_active=False)
    response = client.get(REPORT_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'accept="image/*"' in page and 'capture="environment"' in page and "multiple" in page
    assert "市容环境" in page and "窗口服务" not in page and "旧类别" not in page
    assert 'name="website"' in page and 'name="device"' in page and 'id="pick-map"' in page
    assert "使用我的位置" in page and 'name="viewport"' in page
    assert 'id="language-switch"' in page


def test_a_report_with_a_photo_and_a_pin_is_stored_and_gets_a_code(world, category, client):
    data = form_data(category, photos=[jpeg("a.jpg"), jpeg("b.jpg")], phone="+86 139-1234-5678")
    response = client.post(REPORT_URL, data, REMOTE_ADDR="10.1.2.3")
    report = Report.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("citizens:report_done", args=[report.tracking_code])
    assert report.channel == Channel.WEB and report.category == category and report.reporter_phone == PHONE
    assert str(report.lat) == "30.700000" and report.reporter_name == "王先生"
    assert report.client_hash == fingerprint("10.1.2.3") and report.device_hash == fingerprint(data["device"])
    assert report.photos.count() == 2 and len(stored_files()) == 4  # each photo and its thumbnail
    assert AuditEvent.objects.filter(event_type="report.submitted").count() == 1
    done = client.get(response.url)
    assert done.status_code == 200 and report.tracking_code in done.content.decode()
    assert reverse("citizens:status_detail", args=[report.tracking_code]) in done.content.decode()


def test_an_address_instead_of_a_pin_will_do(world, category, client):
    response = client.post(REPORT_URL, form_data(category, lat="", lng="", address="东华路与中山路交叉口"))
    assert response.status_code == 302
    assert Report.objects.get().address == "东华路与中山路交叉口"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"lat": "", "lng": "", "address": ""}, "address", "请在地图上点选位置、使用我的位置，或填写地址"),
        ({"description": "  "}, "description", "请描述您看到的问题"),
        ({"photos": []}, "photos", "请至少拍摄或选择一张照片"),
        ({"category": ""}, "category", "请选择问题类别"),
        ({"phone": "abc"}, "phone", "手机号格式不正确"),
        ({"phone": "12345678"}, "phone", "请填写11位手机号，或带区号的固定电话"),
        ({"lat": "95", "lng": "114.5"}, "lat", "位置无效"),
    ],
)
def test_bad_input_is_refused_and_what_was_typed_is_kept(world, category, client, change, field, message):
    events = AuditEvent.objects.count()
    data = form_data(category, description="井盖缺失很危险", name="李女士") | change
    response = client.post(REPORT_URL, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and f'data-error-for="{field}"' in page
    if field != "description":
        assert "井盖缺失很危险" in page
    assert "李女士" in page
    if data["photos"]:
        assert 'id="photos-lost"' in page  # files are never kept: the page says so
    _nothing_stored(events)


def test_more_than_six_photos_or_a_fake_photo_are_refused(world, category, client):
    events = AuditEvent.objects.count()
    too_many = client.post(REPORT_URL, form_data(category, photos=[jpeg(f"{i}.jpg") for i in range(7)]))
    assert too_many.status_code == 400 and "照片最多 6 张" in too_many.content.decode()
    fake = client.post(REPORT_URL, form_data(category, photos=[jpeg("ok.jpg"), text_upload()]))
    assert fake.status_code == 400 and 'data-error-for="photos"' in fake.content.decode()
    _nothing_stored(events)


def test_a_category_citizens_may_not_choose_is_refused(world, category, client):
    hidden = ProblemCategory.objects.create(code="service", name="窗口服务", is_public=False)
    response = client.post(REPORT_URL, form_data(category) | {"category": str(hidden.pk)})
    assert response.status_code == 400 and "问题类别无效" in response.content.decode()
    assert Report.objects.count() == 0


def test_a_filled_honeypot_looks_like_success_but_stores_nothing(world, category, client):
    events = AuditEvent.objects.count()
    response = client.post(REPORT_URL, form_data(category, website="http://spam.example"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="tracking-code"' in page
    code = page.split('data-code="')[1].split('"')[0]
    _nothing_stored(events)
    assert client.get(reverse("citizens:status_detail", args=[code])).status_code == 404


def test_only_get_and_post(world, client):
    assert client.put(REPORT_URL).status_code == 405
    assert client.delete(REPORT_URL).status_code == 405


def test_the_eleventh_report_in_a_minute_from_one_phone_is_refused_and_the_ten_are_kept(world, category):
    """Through the page: ten reports each with its photo, then 429 with the reason; the ten intact."""
    with time_machine.travel("2026-11-27 10:00:00+08:00", tick=False):
        for i in range(10):  # each from its own device and address: only the phone limit applies
            client = Client(REMOTE_ADDR=f"10.0.0.{i + 1}")
            data = form_data(category, description=f"第{i + 1}条：路灯不亮", device=f"device-{i}")
            assert client.post(REPORT_URL, data).status_code == 302
        files = stored_files()
        events = AuditEvent.objects.count()
        refused = Client(REMOTE_ADDR="10.0.0.99").post(
            REPORT_URL, form_data(category, description="第11条", device="x")
        )
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "同一手机号每分钟最多提交 10 条，请稍后再试" in page and 'id="form-error"' in page
    assert "第11条" in page  # what the citizen typed is still there
    reports = Report.objects.order_by("created_at", "id")
    assert [r.description for r in reports] == [f"第{i + 1}条：路灯不亮" for i in range(10)]
    assert all(r.photos.count() == 1 for r in reports)
    assert stored_files() == files and len(files) == 20  # the refused one left no file behind
    assert AuditEvent.objects.count() == events
    with time_machine.travel("2026-11-27 10:01:01+08:00", tick=False):
        assert Client().post(REPORT_URL, form_data(category, device="y")).status_code == 302


def test_one_device_is_limited_whatever_phone_it_gives(world, category):
    with time_machine.travel("2026-11-27 10:00:00+08:00", tick=False):
        for i in range(10):
            data = form_data(category, phone=f"1390000{i:04d}")
            assert Client(REMOTE_ADDR=f"10.0.1.{i}").post(REPORT_URL, data).status_code == 302
        refused = Client(REMOTE_ADDR="10.0.1.99").post(REPORT_URL, form_data(category, phone="13800000000"))
    assert refused.status_code == 429 and "提交过于频繁（每分钟最多 10 条）" in refused.content.decode()
    assert Report.objects.count() == 10


def test_one_address_is_limited_without_phone_or_device(world, category):
    with time_machine.travel("2026-11-27 10:00:00+08:00", tick=False):
        client = Client(REMOTE_ADDR="10.0.2.1")
        for _i in range(30):
            assert client.post(REPORT_URL, form_data(category, phone="", device="")).status_code == 302
        refused = client.post(REPORT_URL, form_data(category, phone="", device=""))
    assert refused.status_code == 429 and "每分钟最多 30 条" in refused.content.decode()
    assert Report.objects.count() == 30


def test_the_done_page_of_an_unknown_code_is_a_friendly_404(world, client):
    response = client.get(reverse("citizens:report_done", args=["ABCDEFGHJK"]))
    assert response.status_code == 404 and "没有找到这条反映" in response.content.decode()


def test_the_page_switches_to_english(world, category, client):
    client.post(reverse("set_language"), {"language": "en", "next": REPORT_URL})
    response = client.get(REPORT_URL)
    assert response.status_code == 200 and '<html lang="en">' in response.content.decode()
