"""A transition from the wrong state answers a clear conflict and changes nothing."""

import datetime

import pytest
from django.utils import timezone

from chuangwen.audit.models import AuditEvent
from chuangwen.lib.errors import Conflict, DomainError
from chuangwen.problems import services
from chuangwen.problems.models import Problem, Status
from chuangwen.problems.tests.conftest import FakePhoto

pytestmark = pytest.mark.django_db


def _unchanged(problem, call, error=Conflict, match=None):
    status, events = Problem.objects.get(pk=problem.pk).status, AuditEvent.objects.count()
    with pytest.raises(error, match=match):
        call()
    assert Problem.objects.get(pk=problem.pk).status == status
    assert AuditEvent.objects.count() == events


def test_a_new_problem_cannot_be_accepted_or_submitted(world, new_problem):
    # The handler's unit is not responsible yet, so the service refuses before looking at the state.
    _unchanged(new_problem, lambda: services.approve_rectification(world.office_staff, new_problem), match="待分派")


def test_a_closed_problem_cannot_be_rejected_or_assigned(world, closed):
    _unchanged(closed, lambda: services.reject_rectification(world.office_staff, closed, reason="x"), match="已销号")
    _unchanged(closed, lambda: services.assign_problem(world.office_staff, closed), match="已销号")


def test_an_assigned_problem_cannot_be_approved_or_reopened(world, assigned):
    _unchanged(assigned, lambda: services.approve_rectification(world.office_staff, assigned))
    _unchanged(assigned, lambda: services.reopen_problem(world.office_staff, assigned, reason="x"))


def test_a_submitted_problem_cannot_be_submitted_again(world, submitted):
    _unchanged(
        submitted, lambda: services.submit_rectification(world.handler, submitted, note="again", photos=[FakePhoto()])
    )


def test_submission_needs_a_note_and_a_photo(world, in_progress):
    _unchanged(
        in_progress,
        lambda: services.submit_rectification(world.handler, in_progress, note=" ", photos=[FakePhoto()]),
        DomainError,
        "整改说明",
    )
    _unchanged(
        in_progress,
        lambda: services.submit_rectification(world.handler, in_progress, note="已整改", photos=[]),
        DomainError,
        "照片",
    )


def test_reject_needs_a_reason(world, submitted):
    _unchanged(submitted, lambda: services.reject_rectification(world.office_staff, submitted, reason=""), DomainError)


def test_assigning_another_unit_than_proposed_needs_a_reason(world, new_problem):
    _unchanged(
        new_problem,
        lambda: services.assign_problem(world.office_staff, new_problem, unit=world.dept_b),
        DomainError,
        "理由",
    )
    problem = services.assign_problem(world.office_staff, new_problem, unit=world.dept_b, reason="该路段由交通局管理")
    assert problem.responsible_unit == world.dept_b
    event = AuditEvent.objects.get(event_type="problem.assigned", object_id=str(problem.pk))
    assert event.reason == "该路段由交通局管理"


def test_a_district_officer_assigns_only_within_the_district(world, new_problem):
    from chuangwen.lib.errors import PermissionDenied

    _unchanged(
        new_problem,
        lambda: services.assign_problem(world.district_officer, new_problem, unit=world.street_b, reason="x"),
        PermissionDenied,
    )


def test_a_deadline_in_the_past_is_refused(world, new_problem):
    past = timezone.now() - datetime.timedelta(hours=1)
    _unchanged(
        new_problem, lambda: services.assign_problem(world.office_staff, new_problem, deadline=past), DomainError
    )


def test_only_one_pending_request_at_a_time(world, in_progress):
    later = timezone.now() + datetime.timedelta(days=30)
    services.request_extension(world.handler, in_progress, deadline=later, reason="等材料")
    with pytest.raises(Conflict):
        services.dispute_problem(world.handler, in_progress, reason="不归我们")


def test_an_extension_must_move_the_deadline_later(world, in_progress):
    _unchanged(
        in_progress,
        lambda: services.request_extension(world.handler, in_progress, deadline=in_progress.deadline, reason="x"),
        DomainError,
    )


def test_the_whole_loop_counts_rework_and_on_time(world, in_progress):
    services.submit_rectification(world.handler, in_progress, note="已清理", photos=[FakePhoto()])
    services.reject_rectification(world.office_staff, in_progress, reason="仍有摊位")
    services.submit_rectification(world.handler, in_progress, note="已全部清理", photos=[FakePhoto()])
    problem = services.approve_rectification(world.office_staff, in_progress)
    assert problem.status == Status.CLOSED
    assert problem.rework_count == 1
    assert problem.closed_on_time is True
    assert problem.rectifications.count() == 2
    assert problem.photos.filter(kind="after").count() == 2


def test_a_duplicate_links_to_the_root_original(world, assigned, place):
    first = services.create_problem(world.office_staff, source="hotline", description="热线", site=place.site)
    services.mark_duplicate(world.office_staff, first, original=assigned)
    second = services.create_problem(world.office_staff, source="citizen", description="随手拍", site=place.site)
    services.mark_duplicate(world.office_staff, second, original=first)
    second.refresh_from_db()
    assert second.duplicate_of == assigned
    assert second.status == Status.DUPLICATE


def test_submitting_closes_a_pending_request_and_it_can_no_longer_be_decided(world, in_progress):
    later = timezone.now() + datetime.timedelta(days=30)
    request = services.request_extension(world.handler, in_progress, deadline=later, reason="等材料")
    services.submit_rectification(world.handler, in_progress, note="已整改", photos=[FakePhoto()])
    request.refresh_from_db()
    assert request.outcome == "rejected"
    assert "自动关闭" in request.decision_note
    with pytest.raises(Conflict):
        services.decide_extension(world.office_staff, request, approve=True)


def test_ending_a_problem_closes_its_pending_dispute(world, in_progress):
    request = services.dispute_problem(world.handler, in_progress, reason="不归我们")
    services.mark_invalid(world.office_staff, in_progress, reason="现场无此问题")
    request.refresh_from_db()
    assert request.outcome == "rejected"


def test_a_duplicate_of_an_invisible_problem_is_refused(world, place):
    theirs = services.create_problem(world.office_staff, source="hotline", description="西城问题", address="西华路1号")
    mine = services.create_problem(world.district_officer, source="hotline", description="东华问题", site=place.site)
    _unchanged(
        mine,
        lambda: services.mark_duplicate(world.district_officer, mine, original=theirs),
        DomainError,
        "原问题不存在",
    )


def test_a_problem_with_a_position_but_no_site_takes_the_nearest_sites_territory(world, place):
    from decimal import Decimal

    problem = services.create_problem(
        world.office_staff,
        source="citizen",
        description="路灯不亮",
        lat=place.site.lat + Decimal("0.001"),
        lng=place.site.lng,
        address="东华路口",
    )
    assert problem.territorial_unit == world.community_a
    assert problem.district == world.district_a
    assert problem in Problem.objects.visible_to(world.district_officer)
    far = services.create_problem(
        world.office_staff, source="citizen", description="远处", lat=Decimal("40.0"), lng=Decimal("116.0")
    )
    assert far.district is None
