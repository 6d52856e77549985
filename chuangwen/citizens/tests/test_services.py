"""The citizens' channel services: intake with its limits, and triage."""

from __future__ import annotations

import pytest
import time_machine

from chuangwen.audit.models import AuditEvent
from chuangwen.citizens import services
from chuangwen.citizens.models import Channel, PointsEntry, Report, ReportStatus
from chuangwen.lib.errors import Conflict, DomainError, PermissionDenied
from chuangwen.problems.models import Source, Status
from chuangwen.testing import make_site, make_site_type

pytestmark = pytest.mark.django_db


def _report(**extra):
    fields = {"channel": Channel.WEB, "description": "人行道上有垃圾", "lat": "30.600100", "lng": "114.300100",
              "phone": "13900000001", "client_address": "10.0.0.1", "device_id": "dev-1"}  # fmt: skip
    return services.submit_report(**(fields | extra))


def test_the_eleventh_report_in_a_minute_is_refused_and_the_ten_are_kept(world):
    with time_machine.travel("2026-11-27 10:00:00+08:00", tick=False):
        codes = [_report(description=f"问题{i}").tracking_code for i in range(10)]
        with pytest.raises(services.RateLimited) as refused:
            _report(description="第十一条")
    assert refused.value.status == 429 and "每分钟最多提交 10 条" in refused.value.message
    assert sorted(Report.objects.values_list("tracking_code", flat=True)) == sorted(codes)
    with time_machine.travel("2026-11-27 10:01:30+08:00", tick=False):
        _report(description="一分钟后")
    assert Report.objects.count() == 11


def test_bad_input_is_refused_with_a_message(world):
    with pytest.raises(DomainError) as error:
        _report(description="  ")
    assert error.value.field == "description"
    with pytest.raises(DomainError):
        _report(lat=None, lng=None, address="")
    with pytest.raises(DomainError):
        _report(phone="abc")
    with pytest.raises(PermissionDenied):
        _report(channel=Channel.HOTLINE, external_ref="H-1")
    assert Report.objects.count() == 0


def test_accept_creates_a_routed_problem_and_points(world):
    road = make_site_type()
    make_site(road, world.community_a, lat="30.600000", lng="114.300000")
    report = _report()
    problem = services.accept_report(world.office_staff, report)
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and report.problem == problem
    assert problem.source == Source.CITIZEN and problem.reporter_phone == "13900000001"
    assert problem.status == Status.ASSIGNED and problem.responsible_unit == world.street_a
    assert PointsEntry.objects.get(report=report).points == 10
    with pytest.raises(Conflict):
        services.accept_report(world.office_staff, report)


def test_only_the_office_triages(world):
    report = _report()
    events = AuditEvent.objects.count()
    for user in (world.handler, world.district_officer, world.leader, world.inspector, world.outsider):
        with pytest.raises(PermissionDenied):
            services.reject_report(user, report, reason="不属实")
    assert AuditEvent.objects.count() == events


def test_reject_needs_a_reason_and_duplicate_follows_a_problem(world):
    first, second = _report(), _report(description="同一处垃圾")
    with pytest.raises(DomainError):
        services.reject_report(world.office_staff, first, reason="")
    services.reject_report(world.office_staff, first, reason="描述不清")
    problem = services.accept_report(world.office_staff, _report(description="另一条"))
    services.mark_duplicate(world.office_staff, second, problem)
    second.refresh_from_db()
    assert second.status == ReportStatus.DUPLICATE and second.problem == problem and second.points == 0


def test_staff_channels_keep_the_external_reference_once(world):
    report = services.submit_report(
        channel=Channel.HOTLINE, description="噪音扰民", address="东华路1号", external_ref="12345-0001",
        actor=world.office_staff,
    )  # fmt: skip
    assert report.external_ref == "12345-0001"
    with pytest.raises(DomainError):
        services.submit_report(
            channel=Channel.HOTLINE, description="噪音", address="东华路1号", external_ref="12345-0001",
            actor=world.office_staff,
        )  # fmt: skip
    problem = services.accept_report(world.office_staff, report)
    assert problem.source == Source.HOTLINE and problem.external_ref == "12345-0001"
