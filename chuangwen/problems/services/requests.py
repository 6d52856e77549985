"""A unit's requests (more time; "not ours") and the office's decisions on them."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.audit import services as audit
from chuangwen.lib.errors import Conflict, DomainError
from chuangwen.problems import deadlines, notify
from chuangwen.problems.models import WITH_UNIT, Escalation, Problem, RequestKind, Review, UnitRequest
from chuangwen.problems.services.common import (
    locked,
    require_manager,
    require_status,
    require_text,
    require_unit,
    snapshot,
)
from chuangwen.problems.services.workflow import assign_problem
from chuangwen.units.models import Unit


def _open_request(problem: Problem) -> UnitRequest | None:
    return problem.requests.filter(outcome=Review.PENDING).first()


def _new_request(actor, problem: Problem, kind: str, reason: str, **extra) -> UnitRequest:
    if _open_request(problem) is not None:
        raise Conflict(_("该问题已有待处理的申请"))
    return UnitRequest.objects.create(
        problem=problem, kind=kind, reason=reason, requested_by=actor, requested_at=timezone.now(), **extra
    )


@transaction.atomic
def request_extension(actor, problem: Problem, *, deadline: datetime.datetime, reason: str) -> UnitRequest:
    """Ask for a later deadline (申请延期), with a reason."""
    problem = locked(problem)
    require_unit(actor, problem)
    require_status(problem, WITH_UNIT, _("申请延期"))
    reason = require_text(reason, "reason", _("请填写延期理由"))
    if deadline is None or (problem.deadline and deadline <= problem.deadline):
        raise DomainError(_("申请的时限必须晚于当前整改时限"), field="deadline")
    if deadline <= timezone.now():
        raise DomainError(_("申请的时限必须晚于当前时间"), field="deadline")
    request = _new_request(actor, problem, RequestKind.EXTENSION, reason, requested_deadline=deadline)
    audit.record(actor, "problem.extension_requested", problem, after={"requested_deadline": deadline}, reason=reason)
    notify.problem_event(problem, "extension_requested", reason)
    return request


@transaction.atomic
def dispute_problem(actor, problem: Problem, *, reason: str, suggested_unit: Unit | None = None) -> UnitRequest:
    """Say the problem is not the unit's (申请转办 / 申诉), optionally naming whose it is."""
    problem = locked(problem)
    require_unit(actor, problem)
    require_status(problem, WITH_UNIT, _("申请转办"))
    reason = require_text(reason, "reason", _("请填写转办理由"))
    request = _new_request(actor, problem, RequestKind.DISPUTE, reason, suggested_unit=suggested_unit)
    after = {"suggested_unit": suggested_unit.pk if suggested_unit else None}
    audit.record(actor, "problem.dispute_requested", problem, after=after, reason=reason)
    notify.problem_event(problem, "dispute_requested", reason)
    return request


def _locked_request(request: UnitRequest, kind: str) -> UnitRequest:
    request = UnitRequest.objects.select_for_update().select_related("problem").get(pk=request.pk)
    if request.kind != kind:
        raise DomainError(_("申请类型不符"))
    if request.outcome != Review.PENDING:
        raise Conflict(_("该申请已处理"))
    return request


def _close_request(request: UnitRequest, actor, outcome: str, note: str) -> None:
    request.outcome, request.decided_by, request.decided_at, request.decision_note = (
        outcome,
        actor,
        timezone.now(),
        note,
    )
    request.save()


@transaction.atomic
def decide_extension(
    actor, request: UnitRequest, *, approve: bool, deadline: datetime.datetime | None = None, note: str = ""
) -> Problem:
    """Approve with the requested (or another) later deadline, or deny with a reason."""
    request = _locked_request(request, RequestKind.EXTENSION)
    problem = locked(request.problem)
    require_manager(actor, problem)
    require_status(problem, WITH_UNIT, _("处理延期申请"))
    if not approve:
        note = require_text(note, "note", _("请填写不同意延期的理由"))
        _close_request(request, actor, Review.REJECTED, note)
        audit.record(actor, "problem.extension_denied", problem, reason=note)
        notify.problem_event(problem, "extension_denied", note)
        return problem
    new_deadline = deadline or request.requested_deadline
    if new_deadline is None or new_deadline <= timezone.now():
        raise DomainError(_("新的整改时限必须晚于当前时间"), field="deadline")
    _close_request(request, actor, Review.APPROVED, note.strip())
    before = snapshot(problem)
    problem.deadline = new_deadline
    problem.extension_count += 1
    problem.escalation_level = Escalation.NONE
    problem.save()
    audit.record(actor, "problem.extension_approved", problem, before=before, after=snapshot(problem), reason=note)
    notify.problem_event(problem, "extension_approved", note)
    return problem


@transaction.atomic
def decide_dispute(actor, request: UnitRequest, *, reassign_to: Unit | None = None, note: str = "") -> Problem:
    """Reassign the problem to another unit (new deadline from the policy), or uphold it with a reason."""
    request = _locked_request(request, RequestKind.DISPUTE)
    problem = locked(request.problem)
    require_manager(actor, problem)
    require_status(problem, WITH_UNIT, _("处理转办申请"))
    if reassign_to is None:
        note = require_text(note, "note", _("请填写维持原交办的理由"))
        _close_request(request, actor, Review.REJECTED, note)
        audit.record(actor, "problem.dispute_upheld", problem, reason=note)
        notify.problem_event(problem, "dispute_upheld", note)
        return problem
    _close_request(request, actor, Review.APPROVED, note.strip())
    reason = note.strip() or _("同意转办申请")
    deadline = deadlines.deadline_for(timezone.now(), problem.severity, problem.category)
    return assign_problem(actor, problem, unit=reassign_to, deadline=deadline, reason=reason)
