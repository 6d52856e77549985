"""The public status page of a report: only the public part, the state in words at each stage, the
after-photos of a closed problem and nothing else, friendly 404s, and the lookup limit."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chuangwen.citizens import services
from chuangwen.citizens.tests.public_support import (
    PHONE,
    accepted,
    close,
    public_category,
    status_url,
    submitted,
)
from chuangwen.problems import services as problem_services
from chuangwen.problems.models import PhotoKind

pytestmark = pytest.mark.django_db
STATUS_URL = "/report/status/"


@pytest.fixture
def category(world):
    return public_category(world)


def _page(client, report) -> str:
    response = client.get(status_url(report))
    assert response.status_code == 200
    return response.content.decode()


def _label(page: str) -> str:
    return page.split('id="status-label">')[1].split("<")[0]


def _no_personal_data(page: str) -> None:
    assert PHONE not in page and PHONE[-4:] not in page and "王先生" not in page
    assert "内部备注" not in page


def test_a_pending_report_shows_its_public_part_only(world, category, client):
    report = submitted(category, address="东华路12号")
    page = _page(client, report)
    assert _label(page) == "待受理"
    assert "人行道上堆放建筑垃圾" in page and "市容环境" in page and report.tracking_code in page
    _no_personal_data(page)
    assert "东华路12号" not in page and "30.700000" not in page  # not even where it was


def test_accepted_and_assigned_shows_the_unit(world, category, client):
    report, problem = accepted(world, category)
    assert problem.responsible_unit == world.dept_a
    page = _page(client, report)
    assert _label(page) == "已交办" and "市城管局" in page
    assert problem.code not in page
    _no_personal_data(page)


def test_a_problem_being_fixed_and_then_closed_with_its_after_photo(world, category, client):
    report, problem = accepted(world, category)
    problem_services.accept_problem(world.handler, problem)
    assert _label(_page(client, report)) == "整改中"
    closed = close(world, problem)
    page = _page(client, report)
    assert _label(page) == "已办结" and "市城管局" in page and 'id="after-photos"' in page
    after = closed.photos.get(kind=PhotoKind.AFTER)
    photo_url = reverse("citizens:status_photo", args=[report.tracking_code, after.pk])
    assert photo_url in page
    response = client.get(photo_url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    assert client.get(photo_url + "?size=thumb").status_code == 200
    before = closed.photos.get(kind=PhotoKind.BEFORE)  # the citizen's own photo: not served here
    assert client.get(reverse("citizens:status_photo", args=[report.tracking_code, before.pk])).status_code == 404
    _no_personal_data(page)
    assert "已清理完毕" not in page  # the unit's rectification note is internal


def test_after_photos_are_served_only_for_that_report_and_once_closed(world, category, client):
    report, problem = accepted(world, category)
    other, _other_problem = accepted(world, category, phone="13800000002")
    closed = close(world, problem)
    after = closed.photos.get(kind=PhotoKind.AFTER)
    assert client.get(reverse("citizens:status_photo", args=[other.tracking_code, after.pk])).status_code == 404
    assert client.get(reverse("citizens:status_photo", args=["ABCDEFGHJK", after.pk])).status_code == 404
    problem_services.reopen_problem(world.office_staff, closed, reason="反弹")
    assert client.get(reverse("citizens:status_photo", args=[report.tracking_code, after.pk])).status_code == 404


def test_a_rejected_report_gives_the_reason(world, category, client):
    report = submitted(category)
    services.reject_report(world.office_staff, report, reason="照片与描述不符，无法核实")
    page = _page(client, report)
    assert _label(page) == "不予受理" and "照片与描述不符，无法核实" in page


def test_a_duplicate_follows_the_original_problem(world, category, client):
    original, problem = accepted(world, category)
    report = submitted(category, phone="13800000003", description="同一处垃圾")
    services.mark_duplicate(world.office_staff, report, problem, note="内部备注：同一位置")
    page = _page(client, report)
    assert 'id="duplicate-badge"' in page and _label(page) == "已交办" and "市城管局" in page
    _no_personal_data(page)
    close(world, problem)
    assert _label(_page(client, report)) == "已办结"


def test_a_problem_later_found_invalid_reads_as_not_accepted(world, category, client):
    report, problem = accepted(world, category)
    problem_services.mark_invalid(world.office_staff, problem, reason="现场核查无此问题")
    page = _page(client, report)
    assert _label(page) == "不予受理" and "现场核查无此问题" in page


def test_the_lookup_form_finds_a_code_however_it_is_typed(world, category, client):
    report = submitted(category)
    assert client.get(STATUS_URL).status_code == 200
    typed = report.tracking_code.lower()[:5] + " " + report.tracking_code.lower()[5:]
    response = client.get(STATUS_URL, {"code": typed})
    assert response.status_code == 302 and response.url == status_url(report)


def test_unknown_and_malformed_codes(world, client):
    unknown = client.get(STATUS_URL, {"code": "ABCDEFGHJK"})
    assert unknown.status_code == 404 and "没有找到这条反映" in unknown.content.decode()
    assert client.get(reverse("citizens:status_detail", args=["ABCDEFGHJK"])).status_code == 404
    malformed = client.get(STATUS_URL, {"code": "12345"})
    assert malformed.status_code == 400 and "查询码是 10 位字母和数字" in malformed.content.decode()


def test_lookups_are_limited_per_client_address(world, category, client, settings):
    settings.CITIZEN_LOOKUPS_PER_MINUTE = 3
    report = submitted(category)
    for _ in range(3):
        client.get(status_url(report))
    refused = client.get(status_url(report))
    assert refused.status_code == 429 and "查询过于频繁" in refused.content.decode()
    assert client.get(STATUS_URL, {"code": "ABCDEFGHJK"}).status_code == 429
    other = client.get(status_url(report), REMOTE_ADDR="10.9.9.9")
    assert other.status_code == 200


def test_status_pages_are_read_only(world, category, client):
    report = submitted(category)
    assert client.post(status_url(report)).status_code == 405
    assert client.post(STATUS_URL).status_code == 405
