"""XLSX export of the triage queue: office staff only, the queue's filters, reporters in full for
the office (the problems' privacy rule masks them for anyone else)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chuangwen.citizens.export_views import REPORTS, _report_row
from chuangwen.citizens.models import Channel
from chuangwen.citizens.tests.pages_support import make_category, pending_report
from chuangwen.lib.tests.xlsx_support import filename, only_sheet, sheets

pytestmark = pytest.mark.django_db
URL = reverse("citizens:triage_export")
DENIED = ["district_officer", "handler", "unit_head", "outsider", "inspector", "leader", "grid_worker"]


@pytest.fixture
def reports(world):
    web = pending_report(make_category())
    hotline = pending_report(
        None,
        channel=Channel.HOTLINE,
        description="小区门口占道经营",
        name="李女士",
        phone="13700001111",
        external_ref="12345-0001",
        photos=[],
        actor=world.office_staff,
    )
    return web, hotline


def test_the_office_exports_the_queue_with_the_reporters(world, reports, client_for):
    web, hotline = reports
    response = client_for(world.office_staff).get(URL)
    assert filename(response).startswith("待受理反映-")
    assert sheets(response)["待受理反映"][0] == [c.header for c in REPORTS.columns]
    rows = {r["查询码"]: r for r in only_sheet(client_for(world.office_admin).get(URL))}
    assert list(rows) == [web.tracking_code, hotline.tracking_code]  # oldest first, as the queue
    first = rows[web.tracking_code]
    assert (first["渠道"], first["问题类别"], first["反映人"], first["反映人电话"], first["照片数"]) == (
        "随手拍页面", "市容环境", "王先生", "13912345678", 1,
    )  # fmt: skip
    assert rows[hotline.tracking_code]["渠道"] == "12345热线"


def test_the_filters_of_the_queue_apply(world, reports, client_for):
    web, hotline = reports
    client = client_for(world.office_staff)
    assert [r["查询码"] for r in only_sheet(client.get(URL, {"channel": "hotline"}))] == [hotline.tracking_code]
    assert [r["查询码"] for r in only_sheet(client.get(URL, {"q": "建筑垃圾"}))] == [web.tracking_code]
    assert only_sheet(client.get(URL, {"category": web.category_id + 1000})) == []


def test_the_reporter_is_masked_for_anyone_but_the_office(world, reports):
    web, _hotline = reports
    web.photo_count = 1
    row = dict(zip([c.header for c in REPORTS.columns], _report_row(web, {}, full=False), strict=True))
    assert (row["反映人"], row["反映人电话"]) == ("王**", "139****5678")


@pytest.mark.parametrize("persona", DENIED)
def test_units_and_everyone_else_are_denied(world, reports, client_for, persona):
    assert client_for(world.personas[persona]).get(URL).status_code == 403


def test_anonymous_is_sent_to_login(world, client):
    assert client.get(URL).status_code == 302
