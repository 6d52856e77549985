"""Ending a problem without a fix (invalid, duplicate), and opening an ended one again."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.audit import services as audit
from chuangwen.lib.errors import DomainError
from chuangwen.problems import deadlines, notify
from chuangwen.problems.models import ENDED, OPEN, Escalation, Problem, Status
from chuangwen.problems.services.common import (
    locked,
    require_manager,
    require_status,
    require_text,
    snapshot,
    withdraw_pending_requests,
)


def _end(actor, problem: Problem, status: str, reason: str, event: str, **fields) -> Problem:
    withdraw_pending_requests(problem, actor)
    before = snapshot(problem)
    problem.status = status
    problem.end_reason = reason
    problem.closed_at = timezone.now()
    for name, value in fields.items():
        setattr(problem, name, value)
    problem.save()
    audit.record(actor, event, problem, before=before, after=snapshot(problem), reason=reason)
    return problem


@transaction.atomic
def mark_invalid(actor, problem: Problem, *, reason: str) -> Problem:
    """Close without a fix: not a real problem (无效)."""
    problem = locked(problem)
    require_manager(actor, problem)
    require_status(problem, OPEN, _("标记为无效"))
    reason = require_text(reason, "reason", _("请填写无效原因"))
    return _end(actor, problem, Status.INVALID, reason, "problem.marked_invalid")


@transaction.atomic
def mark_duplicate(actor, problem: Problem, *, original: Problem, reason: str = "") -> Problem:
    """Close as a duplicate of another problem (重复), linked to the original."""
    problem = locked(problem)
    require_manager(actor, problem)
    require_status(problem, OPEN, _("标记为重复"))
    original = Problem.objects.visible_to(actor).filter(pk=original.pk).first()
    if original is None:
        raise DomainError(_("原问题不存在"), field="original")
    while original.duplicate_of_id:
        original = Problem.objects.get(pk=original.duplicate_of_id)
    if original.pk == problem.pk:
        raise DomainError(_("不能标记为与自身重复"), field="original")
    reason = reason.strip() or _("与问题 %(code)s 重复") % {"code": original.code}
    return _end(actor, problem, Status.DUPLICATE, reason, "problem.marked_duplicate", duplicate_of=original)


@transaction.atomic
def reopen_problem(actor, problem: Problem, *, reason: str, rebound: bool = False) -> Problem:
    """Open an ended problem again (重新打开); a failed follow-up check counts it as a rebound (反弹)."""
    problem = locked(problem)
    require_manager(actor, problem)
    require_status(problem, ENDED, _("重新打开"))
    reason = require_text(reason, "reason", _("请填写重新打开的原因"))
    before = snapshot(problem)
    now = timezone.now()
    problem.status = Status.ASSIGNED if problem.responsible_unit_id else Status.NEW
    problem.reopen_count += 1
    problem.rebound_count += 1 if rebound else 0
    problem.closed_at = None
    problem.closed_on_time = None
    problem.duplicate_of = None
    problem.end_reason = ""
    problem.escalation_level = Escalation.NONE
    if problem.responsible_unit_id:
        problem.deadline = deadlines.deadline_for(now, problem.severity, problem.category)
        problem.assigned_at = now
    problem.save()
    event = "problem.rebounded" if rebound else "problem.reopened"
    audit.record(actor, event, problem, before=before, after=snapshot(problem), reason=reason)
    notify.problem_event(problem, "reopened", reason)
    return problem
