"""The office's triage queue: the list and its filters, the open report, and each action."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from chuangwen.audit.models import AuditEvent
from chuangwen.citizens import services
from chuangwen.citizens.models import Channel, PointsEntry, Report, ReportStatus
from chuangwen.citizens.tests.pages_support import make_category, pending_report
from chuangwen.problems.models import Problem, Severity, Source, Status
from chuangwen.testing import make_site, make_site_type

pytestmark = pytest.mark.django_db

NOT_OFFICE = ["district_officer", "handler", "unit_head", "outsider", "inspector", "leader", "grid_worker"]


@pytest.fixture
def site(world):
    return make_site(make_site_type(), world.community_a, name="东华路", lat="30.600000", lng="114.300000")


@pytest.fixture
def category(db):
    return make_category()


def _hotline(world, ref: str, **extra) -> Report:
    fields = {"channel": Channel.HOTLINE, "description": "夜间施工噪音扰民", "address": "西华路8号",
              "external_ref": ref, "actor": world.office_staff}  # fmt: skip
    return services.submit_report(**(fields | extra))


def _url(name: str, report: Report, query: str = "") -> str:
    return reverse(f"citizens:{name}", args=[report.pk]) + (f"?{query}" if query else "")


def _state():
    return (
        Problem.objects.count(),
        AuditEvent.objects.count(),
        list(Report.objects.order_by("pk").values_list("status", flat=True)),
    )


def test_the_queue_shows_pending_reports_oldest_first_with_counts(world, client_for, site, category):
    with time_machine.travel("2026-11-20 09:00:00+08:00"):
        first = pending_report(category)
    with time_machine.travel("2026-11-21 09:00:00+08:00"):
        second = _hotline(world, "12345-0001")
    decided = pending_report(category, description="已处理的反映", phone="13911111111")
    services.reject_report(world.office_staff, decided, reason="重复提交")
    response = client_for(world.office_staff).get(reverse("citizens:triage"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index(f'data-report="{first.pk}"') < html.index(f'data-report="{second.pk}"')
    assert "已处理的反映" not in html
    assert response.context["current"] == first  # the oldest opens
    counts = {c["value"]: c["count"] for c in response.context["channels"]}
    assert counts[Channel.WEB] == 1 and counts[Channel.HOTLINE] == 1 and response.context["channels_total"] == 2
    # The reporter in full, the photo by the office-only view, the position and the proposal.
    assert "13912345678" in html and "王先生" in html
    photo = first.photos.get()
    assert reverse("citizens:report_photo", args=[photo.pk]) in html
    assert "30.600100" in html and "东华路12号" in html
    assert response.context["proposal"].unit == world.street_a
    assert world.street_a.name in html


def test_filters_by_channel_category_and_text(world, client_for, category):
    web = pending_report(category)
    hotline = _hotline(world, "12345-0002")
    client = client_for(world.office_staff)
    rows = client.get(reverse("citizens:triage"), {"channel": "hotline"}).context["rows"]
    assert [r.pk for r in rows] == [hotline.pk]
    rows = client.get(reverse("citizens:triage"), {"category": category.pk}).context["rows"]
    assert [r.pk for r in rows] == [web.pk]
    rows = client.get(reverse("citizens:triage"), {"q": "噪音"}).context["rows"]
    assert [r.pk for r in rows] == [hotline.pk]
    rows = client.get(reverse("citizens:triage"), {"q": "12345-0002"}).context["rows"]
    assert [r.pk for r in rows] == [hotline.pk]
    response = client.get(reverse("citizens:triage"), {"channel": "nonsense", "category": "x"})
    assert response.status_code == 200 and len(response.context["rows"]) == 2


def test_current_opens_the_chosen_report(world, client_for):
    pending_report()
    second = _hotline(world, "12345-0003")
    response = client_for(world.office_staff).get(reverse("citizens:triage"), {"current": second.pk})
    assert response.context["current"] == second


def test_an_empty_queue_says_so(world, client_for):
    response = client_for(world.office_staff).get(reverse("citizens:triage"))
    assert response.status_code == 200 and "没有待受理的反映" in response.content.decode()


def test_accept_creates_a_routed_problem_and_opens_the_next(world, client_for, site, category):
    with time_machine.travel("2026-11-20 09:00:00+08:00"):
        report = pending_report(category)
    with time_machine.travel("2026-11-21 09:00:00+08:00"):
        following = pending_report(category, description="另一处垃圾", phone="13900000002")
    response = client_for(world.office_staff).post(
        _url("triage_accept", report, f"category={category.pk}"), {"severity": Severity.MAJOR, "note": "属实"}
    )
    assert response.status_code == 302
    assert response.url == reverse("citizens:triage") + f"?category={category.pk}&current={following.pk}"
    report.refresh_from_db()
    problem = report.problem
    assert report.status == ReportStatus.ACCEPTED and report.decided_by == world.office_staff
    assert problem.source == Source.CITIZEN and problem.severity == Severity.MAJOR
    assert problem.status == Status.ASSIGNED and problem.responsible_unit == world.street_a
    assert problem.photos.count() == 1
    assert PointsEntry.objects.get(report=report).phone == "13912345678"


def test_accept_may_change_the_category(world, client_for, category):
    other = make_category("JT", "交通秩序", default_unit=world.dept_b)
    report = pending_report(category, lat=None, lng=None)
    client_for(world.office_staff).post(_url("triage_accept", report), {"category": other.pk, "severity": "minor"})
    report.refresh_from_db()
    assert report.problem.category == other and report.problem.responsible_unit == world.dept_b


def test_the_proposal_follows_each_category(world, client_for, category):
    other = make_category("JT", "交通秩序", default_unit=world.dept_b)
    pending_report(category, lat=None, lng=None)
    response = client_for(world.office_staff).get(reverse("citizens:triage"))
    by_category = {p["category"]: p["unit"] for p in response.context["proposals_by_category"]}
    assert by_category[other.pk] == world.dept_b and by_category[category.pk] is None
    assert f'data-proposal-for="{other.pk}"' in response.content.decode()


def test_the_last_report_leaves_an_empty_queue(world, client_for):
    report = pending_report()
    response = client_for(world.office_staff).post(_url("triage_reject", report), {"reason": "照片与描述不符"})
    assert response.url == reverse("citizens:triage")
    report.refresh_from_db()
    assert report.status == ReportStatus.REJECTED and report.decision_note == "照片与描述不符"


def test_reject_without_a_reason_is_refused_and_changes_nothing(world, client_for):
    report = pending_report()
    before = _state()
    response = client_for(world.office_staff).post(_url("triage_reject", report), {"reason": "  "})
    assert response.status_code == 400
    assert "请填写不予受理的理由" in response.content.decode()
    assert response.context["current"] == report and response.context["failed_action"] == "reject"
    assert _state() == before


def test_duplicate_of_a_suggestion_or_a_code(world, client_for, site, category):
    original = services.accept_report(world.office_staff, pending_report(category, phone="13900000009"))
    first = pending_report(category, description="东华路人行道建筑垃圾没人清理", phone="13900000003")
    second = pending_report(category, description="垃圾", phone="13900000004")
    client = client_for(world.office_staff)
    page = client.get(reverse("citizens:triage"), {"current": first.pk})
    assert [s.item for s in page.context["suggestions"]] == [original]
    response = client.post(_url("triage_duplicate", first), {"problem": original.pk, "note": "同一处"})
    assert response.status_code == 302
    response = client.post(_url("triage_duplicate", second), {"code": original.code.lower()})
    assert response.status_code == 302
    for report in (first, second):
        report.refresh_from_db()
        assert report.status == ReportStatus.DUPLICATE and report.problem == original
    assert not PointsEntry.objects.filter(report__in=[first, second]).exists()


def test_duplicate_needs_a_problem_that_exists(world, client_for):
    report = pending_report()
    client = client_for(world.office_staff)
    before = _state()
    response = client.post(_url("triage_duplicate", report), {"code": "P20990101000001"})
    assert response.status_code == 400 and "未找到编号为 P20990101000001 的问题" in response.content.decode()
    response = client.post(_url("triage_duplicate", report), {})
    assert response.status_code == 400 and "请选择重复的问题，或填写问题编号" in response.content.decode()
    response = client.post(_url("triage_duplicate", report), {"problem": "12345"})
    assert response.status_code == 400
    assert _state() == before


def test_a_report_decided_meanwhile_is_not_decided_twice(world, client_for):
    report = pending_report()
    services.reject_report(world.office_admin, report, reason="不属实")
    before = _state()
    client = client_for(world.office_staff)
    response = client.post(_url("triage_accept", report), {"severity": "minor"})
    assert response.status_code == 302
    assert _state() == before
    response = client.get(response.url)
    assert "该反映已处理" in response.content.decode()


@pytest.mark.parametrize("action", ["triage_accept", "triage_reject", "triage_duplicate"])
def test_only_the_office_triages(world, client_for, action):
    report = pending_report()
    problem = services.accept_report(world.office_staff, pending_report(phone="13900000005"))
    before = _state()
    data = {"severity": "minor", "reason": "不属实", "problem": problem.pk, "code": problem.code}
    for persona in NOT_OFFICE:
        response = client_for(world.personas[persona]).post(_url(action, report), data)
        assert response.status_code == 403, persona
    assert _state() == before


def test_actions_answer_get_with_405_and_a_missing_report_with_404(world, client_for):
    report = pending_report()
    client = client_for(world.office_staff)
    assert client.get(_url("triage_accept", report)).status_code == 405
    assert (
        client.post(reverse("citizens:triage_accept", args=[report.pk + 999]), {"severity": "minor"}).status_code == 404
    )


def test_the_detail_page_shows_any_report_and_its_history(world, client_for, site):
    report = pending_report()
    problem = services.accept_report(world.office_staff, report, note="属实")
    response = client_for(world.office_admin).get(reverse("citizens:report_detail", args=[report.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert problem.code in html and "已受理" in html and "13912345678" in html
    events = [e.event_type for e in response.context["history"]]
    assert events == ["report.submitted", "report.accepted"]
    assert "受理市民反映" in html


def test_the_detail_page_of_a_pending_report_links_to_the_queue(world, client_for):
    report = pending_report()
    response = client_for(world.office_staff).get(reverse("citizens:report_detail", args=[report.pk]))
    assert 'id="open-in-queue"' in response.content.decode()
    assert 'id="accept-form"' not in response.content.decode()


def test_photos_are_for_the_office_only(world, client_for):
    photo = pending_report().photos.get()
    url = reverse("citizens:report_photo", args=[photo.pk])
    response = client_for(world.office_staff).get(url + "?size=thumb")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    for persona in NOT_OFFICE:
        assert client_for(world.personas[persona]).get(url).status_code == 403
    assert client_for(world.office_staff).get(reverse("citizens:report_photo", args=[photo.pk + 99])).status_code == 404


def test_the_queue_page_has_a_fixed_number_of_queries(world, client_for, site, category, django_assert_max_num_queries):
    now = timezone.now()
    for i in range(12):
        with time_machine.travel(now - datetime.timedelta(minutes=30 - i)):
            pending_report(category, description=f"垃圾{i}", phone=f"1390000{i:04d}", device_id=f"d{i}")
    client = client_for(world.office_staff)
    with django_assert_max_num_queries(30):
        assert client.get(reverse("citizens:triage")).status_code == 200
