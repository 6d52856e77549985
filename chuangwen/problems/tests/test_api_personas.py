"""Every API transition for every persona: who may, who may not (403, or 404 when the problem is
not theirs to see), and that a refusal changes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from chuangwen.audit.models import AuditEvent
from chuangwen.problems import services
from chuangwen.problems.models import Problem, RequestKind, Source, Status, UnitRequest
from chuangwen.problems.tests.api_support import (
    MANAGERS,
    PERSONAS,
    UNIT_A,
    api_client,
    photo,
    post_json,
    problem_url,
    stored_files,
)

pytestmark = pytest.mark.django_db


def _later(days: int) -> str:
    return (timezone.now() + datetime.timedelta(days=days)).isoformat()


def _pending(world, problem, kind) -> UnitRequest:
    if kind == RequestKind.EXTENSION:
        deadline = timezone.now() + datetime.timedelta(days=30)
        return services.request_extension(world.handler, problem, deadline=deadline, reason="需要采购设备")
    return services.dispute_problem(world.handler, problem, reason="该路段归交通局管理", suggested_unit=world.dept_b)


def _original(world, problem) -> Problem:
    return services.create_problem(
        world.office_staff, source=Source.INSPECTION, description="同一处占道经营", site=problem.site
    )


def _decision(kind, path, payload):
    def prepare(world, problem):
        request = _pending(world, problem, kind)
        return f"{path}/{request.pk}/decision", payload(world)

    return prepare


# name: (fixture, personas allowed, prepare(world, problem) -> (path, JSON body), check(problem, world))
TRANSITIONS = {
    "assign": (
        "new_problem",
        MANAGERS,
        lambda w, p: ("assign", {"unit": w.street_a.pk, "reason": "属地处理"}),
        lambda p, w: p.status == Status.ASSIGNED and p.responsible_unit == w.street_a,
    ),
    "accept": ("assigned", UNIT_A, lambda w, p: ("accept", None), lambda p, w: p.status == Status.IN_PROGRESS),
    "submit": ("in_progress", UNIT_A, None, lambda p, w: p.status == Status.SUBMITTED),
    "approve": ("submitted", MANAGERS, lambda w, p: ("approve", {}), lambda p, w: p.status == Status.CLOSED),
    "reject": (
        "submitted",
        MANAGERS,
        lambda w, p: ("reject", {"reason": "照片看不清"}),
        lambda p, w: p.status == Status.REJECTED and p.rework_count == 1,
    ),
    "request_extension": (
        "in_progress",
        UNIT_A,
        lambda w, p: ("extension-requests", {"deadline": _later(30), "reason": "需要采购设备"}),
        lambda p, w: p.requests.get().kind == RequestKind.EXTENSION,
    ),
    "dispute": (
        "in_progress",
        UNIT_A,
        lambda w, p: ("disputes", {"reason": "不属于本单位", "suggested_unit": w.dept_b.pk}),
        lambda p, w: p.requests.get().suggested_unit == w.dept_b,
    ),
    "approve_extension": (
        "in_progress",
        MANAGERS,
        _decision(RequestKind.EXTENSION, "extension-requests", lambda w: {"approve": True}),
        lambda p, w: p.extension_count == 1,
    ),
    "deny_extension": (
        "in_progress",
        MANAGERS,
        _decision(RequestKind.EXTENSION, "extension-requests", lambda w: {"approve": False, "note": "时限足够"}),
        lambda p, w: p.extension_count == 0 and p.requests.get().outcome == "rejected",
    ),
    "reassign_on_dispute": (
        "in_progress",
        MANAGERS,
        _decision(RequestKind.DISPUTE, "disputes", lambda w: {"reassign_to": w.street_a.pk, "note": "转属地"}),
        lambda p, w: p.responsible_unit == w.street_a and p.status == Status.ASSIGNED,
    ),
    "uphold_dispute": (
        "in_progress",
        MANAGERS,
        _decision(RequestKind.DISPUTE, "disputes", lambda w: {"note": "属于本单位职责"}),
        lambda p, w: p.responsible_unit == w.dept_a and p.requests.get().outcome == "rejected",
    ),
    "mark_invalid": (
        "new_problem",
        MANAGERS,
        lambda w, p: ("invalid", {"reason": "现场无此问题"}),
        lambda p, w: p.status == Status.INVALID,
    ),
    "mark_duplicate": (
        "new_problem",
        MANAGERS,
        lambda w, p: ("duplicate", {"original": _original(w, p).pk}),
        lambda p, w: p.status == Status.DUPLICATE and p.duplicate_of is not None,
    ),
    "reopen": (
        "closed",
        MANAGERS,
        lambda w, p: ("reopen", {"reason": "回头看发现反弹", "rebound": True}),
        lambda p, w: p.status == Status.ASSIGNED and p.rebound_count == 1,
    ),
}
CASES = [(name, persona) for name in TRANSITIONS for persona in PERSONAS]


def _send(client, problem, prepared):
    if prepared is None:  # the rectification: multipart with a photo
        return client.post(problem_url(problem.pk, "rectifications"), {"note": "已清理完毕", "photos": [photo()]})
    path, payload = prepared
    url = problem_url(problem.pk, path)
    return post_json(client, url, payload) if payload is not None else client.post(url)


def _state(problem):
    fresh = Problem.objects.get(pk=problem.pk)
    requests = list(UnitRequest.objects.filter(problem=problem).values_list("pk", "outcome"))
    return fresh.status, fresh.responsible_unit_id, fresh.deadline, fresh.rework_count, requests


@pytest.mark.parametrize(("name", "persona"), CASES, ids=[f"{n}-{p}" for n, p in CASES])
def test_each_transition_answers_each_persona_as_the_rules_say(request, world, name, persona):
    fixture, allowed, prepare, check = TRANSITIONS[name]
    problem = request.getfixturevalue(fixture)
    user = world.personas[persona]
    client = api_client(user)
    visible = Problem.objects.visible_to(user).filter(pk=problem.pk).exists()
    prepared = None if prepare is None else prepare(world, problem)  # may add a pending request
    state = _state(problem)
    events = AuditEvent.objects.count()
    response = _send(client, problem, prepared)
    if persona in allowed:
        assert response.status_code in (200, 201), response.json()
        assert response.json()["id"] == problem.pk
        assert check(Problem.objects.get(pk=problem.pk), world)
        return
    assert response.status_code == (403 if visible else 404), (persona, response.json())
    assert response.json()["detail"]
    assert AuditEvent.objects.count() == events
    assert _state(problem) == state
    assert stored_files() == []
