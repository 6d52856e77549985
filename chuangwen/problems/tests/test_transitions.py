"""Every transition, for every persona: who may, who may not, and that a refusal changes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from chuangwen.audit.models import AuditEvent
from chuangwen.lib.errors import PermissionDenied
from chuangwen.problems import services
from chuangwen.problems.models import Problem, RequestKind, Source, Status, UnitRequest
from chuangwen.problems.tests.conftest import FakePhoto

pytestmark = pytest.mark.django_db

PERSONAS = [
    "office_admin",
    "office_staff",
    "district_officer",
    "handler",
    "unit_head",
    "outsider",
    "inspector",
    "leader",
    "grid_worker",
]
MANAGERS = {"office_admin", "office_staff", "district_officer"}
UNIT_A = {"handler", "unit_head"}


def _later(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def _pending(problem, kind, world) -> UnitRequest:
    if kind == RequestKind.EXTENSION:
        return services.request_extension(world.handler, problem, deadline=_later(30), reason="需要采购设备")
    return services.dispute_problem(world.handler, problem, reason="该路段归交通局管理", suggested_unit=world.dept_b)


# name: (fixture with the problem in the right state, allowed personas, the call)
TRANSITIONS = {
    "assign": (
        "new_problem",
        MANAGERS,
        lambda w, u, p: services.assign_problem(u, p, unit=w.street_a, reason="属地处理"),
    ),
    "accept": ("assigned", UNIT_A, lambda w, u, p: services.accept_problem(u, p)),
    "submit": (
        "in_progress",
        UNIT_A,
        lambda w, u, p: services.submit_rectification(u, p, note="已清理完毕", photos=[FakePhoto()]),
    ),
    "approve": ("submitted", MANAGERS, lambda w, u, p: services.approve_rectification(u, p)),
    "reject": ("submitted", MANAGERS, lambda w, u, p: services.reject_rectification(u, p, reason="照片看不清")),
    "request_extension": (
        "in_progress",
        UNIT_A,
        lambda w, u, p: services.request_extension(u, p, deadline=_later(30), reason="需要采购设备"),
    ),
    "dispute": ("in_progress", UNIT_A, lambda w, u, p: services.dispute_problem(u, p, reason="不属于本单位")),
    "approve_extension": (
        "in_progress",
        MANAGERS,
        lambda w, u, p: services.decide_extension(u, _pending(p, RequestKind.EXTENSION, w), approve=True),
    ),
    "deny_extension": (
        "in_progress",
        MANAGERS,
        lambda w, u, p: services.decide_extension(
            u, _pending(p, RequestKind.EXTENSION, w), approve=False, note="时限足够"
        ),
    ),
    "reassign_on_dispute": (
        "in_progress",
        MANAGERS,
        lambda w, u, p: services.decide_dispute(
            u, _pending(p, RequestKind.DISPUTE, w), reassign_to=w.street_a, note="转属地"
        ),
    ),
    "uphold_dispute": (
        "in_progress",
        MANAGERS,
        lambda w, u, p: services.decide_dispute(u, _pending(p, RequestKind.DISPUTE, w), note="属于本单位职责"),
    ),
    "mark_invalid": ("assigned", MANAGERS, lambda w, u, p: services.mark_invalid(u, p, reason="现场无此问题")),
    "mark_duplicate": (
        "assigned",
        MANAGERS,
        lambda w, u, p: services.mark_duplicate(u, p, original=Problem.objects.exclude(pk=p.pk).get()),
    ),
    "reopen": (
        "closed",
        MANAGERS,
        lambda w, u, p: services.reopen_problem(u, p, reason="回头看发现反弹", rebound=True),
    ),
}


def _other(world, problem) -> Problem:
    return services.create_problem(
        world.office_staff, source=Source.HOTLINE, description="同一问题的热线工单", site=problem.site
    )


def _cases():
    for name, (_, allowed, _) in TRANSITIONS.items():
        for persona in PERSONAS:
            yield pytest.param(name, persona, persona in allowed, id=f"{name}-{persona}")


@pytest.mark.parametrize(("name", "persona", "allowed"), list(_cases()))
def test_transition_by_persona(request, world, name, persona, allowed):
    fixture, _, call = TRANSITIONS[name]
    problem = request.getfixturevalue(fixture)
    if name == "mark_duplicate":
        _other(world, problem)
    actor = world.personas[persona]
    before_status = Problem.objects.get(pk=problem.pk).status
    if name in ("approve_extension", "deny_extension", "reassign_on_dispute", "uphold_dispute"):
        _pending_for = TRANSITIONS[name][2]
        if not allowed:
            kind = RequestKind.EXTENSION if "extension" in name else RequestKind.DISPUTE
            pending = _pending(problem, kind, world)
            events = AuditEvent.objects.count()
            with pytest.raises(PermissionDenied):
                if kind == RequestKind.EXTENSION:
                    services.decide_extension(actor, pending, approve=True)
                else:
                    services.decide_dispute(actor, pending, reassign_to=world.street_a, note="x")
            assert AuditEvent.objects.count() == events
            pending.refresh_from_db()
            assert pending.outcome == "pending"
            return
        _pending_for(world, actor, problem)
        return
    if allowed:
        call(world, actor, problem)
        assert AuditEvent.objects.filter(object_type="problems.problem", object_id=str(problem.pk)).exists()
        return
    events = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        call(world, actor, problem)
    assert AuditEvent.objects.count() == events
    assert Problem.objects.get(pk=problem.pk).status == before_status


@pytest.mark.parametrize("persona", PERSONAS)
def test_create_by_persona(world, place, persona):
    actor = world.personas[persona]
    source = {"inspector": Source.INSPECTION, "grid_worker": Source.GRID, "leader": Source.LEADER}.get(
        persona, Source.HOTLINE
    )
    count = Problem.objects.count()
    if persona in ("handler", "unit_head", "outsider"):
        with pytest.raises(PermissionDenied):
            services.create_problem(actor, source=source, description="路面破损", site=place.site)
        assert Problem.objects.count() == count
        return
    problem = services.create_problem(actor, source=source, description="路面破损", site=place.site)
    assert problem.status == Status.NEW
    assert problem.district == world.district_a
    assert problem.code.startswith("P")
    assert AuditEvent.objects.filter(event_type="problem.created", object_id=str(problem.pk)).count() == 1


def test_created_problems_are_found_by_chinese_search(world, new_problem):
    from chuangwen.lib import search

    found = search.filter_queryset(Problem.objects.all(), "problems", "占道")
    assert list(found) == [new_problem]
    assert not search.filter_queryset(Problem.objects.all(), "problems", "垃圾").exists()
    assert search.filter_queryset(Problem.objects.all(), "problems", "东华路 经营").exists()
