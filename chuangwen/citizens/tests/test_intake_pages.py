"""Staff intake by hand: the form for a 12345 ticket, a petition or a transfer."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chuangwen.audit.models import AuditEvent
from chuangwen.citizens import services
from chuangwen.citizens.models import Channel, Report, ReportStatus
from chuangwen.citizens.tests.pages_support import make_category
from chuangwen.problems.models import Source
from chuangwen.problems.tests.api_support import stored_files
from chuangwen.problems.tests.pages_support import jpeg_upload, text_upload

pytestmark = pytest.mark.django_db

NOT_OFFICE = ["district_officer", "handler", "unit_head", "outsider", "inspector", "leader", "grid_worker"]


def _data(**changes) -> dict:
    data = {"channel": "petition", "external_ref": "XF-2026-0001", "description": "小区门口占道经营，多次反映未解决",
            "address": "东华路20号", "lat": "", "lng": "", "reporter_name": "李女士", "reporter_phone": "13700000000"}  # fmt: skip
    return data | changes


def test_the_form_shows_the_staff_channels_only(world, client_for):
    response = client_for(world.office_staff).get(reverse("citizens:intake"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "12345热线" in html and "信访" in html and "环保督察转办" in html
    assert 'value="web"' not in html and 'value="open311"' not in html


def test_a_petition_is_registered_and_opens_in_the_queue(world, client_for):
    category = make_category()
    client = client_for(world.office_staff)
    response = client.post(reverse("citizens:intake"), _data(category=category.pk, photos=[jpeg_upload()]))
    report = Report.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("citizens:triage") + f"?current={report.pk}"
    assert report.channel == Channel.PETITION and report.external_ref == "XF-2026-0001"
    assert report.created_by == world.office_staff and report.status == ReportStatus.PENDING
    assert report.reporter_name == "李女士" and report.photos.count() == 1 and report.category == category
    assert "已登记 信访 XF-2026-0001" in client.get(response.url).content.decode()
    problem = services.accept_report(world.office_staff, report)
    assert problem.source == Source.PETITION and problem.external_ref == "XF-2026-0001"


def test_register_another_stays_on_the_form(world, client_for):
    response = client_for(world.office_admin).post(
        reverse("citizens:intake"), _data(channel="environment", external_ref="HB-7", then="another")
    )
    assert response.url == reverse("citizens:intake")
    assert Report.objects.get().channel == Channel.ENVIRONMENT


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"external_ref": ""}, "请填写外部编号"),
        ({"description": " "}, "请填写问题描述"),
        ({"address": ""}, "请在地图上选择位置，或填写地址"),
        ({"reporter_phone": "电话"}, "手机号格式不正确"),
        ({"channel": "web"}, "选择一个有效的选项"),
        ({"lat": "95", "lng": "114.3"}, "位置无效"),
        ({"photos": [text_upload()]}, ""),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(world, client_for, changes, message):
    events = AuditEvent.objects.count()
    response = client_for(world.office_staff).post(reverse("citizens:intake"), _data(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Report.objects.count() == 0 and AuditEvent.objects.count() == events
    assert stored_files() == []


def test_an_external_reference_is_registered_once_per_channel(world, client_for):
    client = client_for(world.office_staff)
    client.post(reverse("citizens:intake"), _data())
    response = client.post(reverse("citizens:intake"), _data(photos=[jpeg_upload()]))
    assert response.status_code == 400 and "外部编号 XF-2026-0001 已登记过" in response.content.decode()
    assert Report.objects.count() == 1 and len(stored_files()) == 0
    response = client.post(reverse("citizens:intake"), _data(channel="hotline"))  # another channel: fine
    assert response.status_code == 302 and Report.objects.count() == 2


@pytest.mark.parametrize("persona", NOT_OFFICE)
def test_only_the_office_registers(world, client_for, persona):
    client = client_for(world.personas[persona])
    assert client.get(reverse("citizens:intake")).status_code == 403
    assert client.post(reverse("citizens:intake"), _data()).status_code == 403
    assert Report.objects.count() == 0
