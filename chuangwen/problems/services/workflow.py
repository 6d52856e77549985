"""The main line: assign → accept → submit a fix → approve (销号) or reject (退回)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.audit import services as audit
from chuangwen.lib.errors import DomainError, PermissionDenied
from chuangwen.problems import access, deadlines, notify, routing
from chuangwen.problems.models import (
    WITH_UNIT,
    Escalation,
    PhotoKind,
    Problem,
    Rectification,
    Review,
    Status,
)
from chuangwen.problems.services.common import (
    add_photos,
    locked,
    require_manager,
    require_status,
    require_text,
    require_unit,
    snapshot,
    withdraw_pending_requests,
)
from chuangwen.units.models import Unit

MAX_PHOTOS = 9


def _check_unit(actor, unit: Unit) -> None:
    if not unit.is_active:
        raise DomainError(_("所选单位已停用"), field="unit")
    if not access.may_assign_to(actor, unit):
        raise PermissionDenied(_("区文明办只能交办给本区的单位"))


def _check_deadline(deadline: datetime.datetime, now: datetime.datetime) -> None:
    if deadline <= now:
        raise DomainError(_("整改时限必须晚于当前时间"), field="deadline")


@transaction.atomic
def assign_problem(
    actor,
    problem: Problem,
    *,
    unit: Unit | None = None,
    cooperating: list[Unit] | tuple = (),
    deadline: datetime.datetime | None = None,
    reason: str = "",
) -> Problem:
    """Give the problem to a unit with a deadline. With no unit, the routing rules choose; a unit
    other than the proposed one needs a reason. Also reassigns a problem already with a unit."""
    problem = locked(problem)
    require_manager(actor, problem)
    require_status(problem, (Status.NEW, *WITH_UNIT), _("交办"))
    proposal = routing.propose(problem.site, problem.standard, problem.category, problem.territorial_unit)
    chosen = unit or proposal.unit
    if chosen is None:
        raise DomainError(_("无法自动确定责任单位，请指定责任单位"), field="unit")
    overriding = proposal.unit is None or chosen.pk != proposal.unit.pk
    if overriding and not reason.strip():
        raise DomainError(
            _("指定的责任单位与系统建议（%(unit)s）不同，请说明理由") % {"unit": proposal.unit or "—"}, field="reason"
        )
    if problem.status != Status.NEW and chosen.pk == problem.responsible_unit_id:
        raise DomainError(_("问题已由该单位办理"), field="unit")
    _check_unit(actor, chosen)
    now = timezone.now()
    deadline = deadline or deadlines.deadline_for(now, problem.severity, problem.category)
    _check_deadline(deadline, now)
    before = snapshot(problem)
    event = "problem.assigned" if problem.status == Status.NEW else "problem.reassigned"
    problem.responsible_unit = chosen
    problem.status = Status.ASSIGNED
    problem.deadline = deadline
    problem.assigned_at = now
    problem.escalation_level = Escalation.NONE
    problem.save()
    if not cooperating and unit is None:
        cooperating = proposal.cooperating
    cooperating = [u for u in cooperating if u.pk != chosen.pk]
    problem.cooperating_units.set(cooperating)
    after = snapshot(problem) | {"cooperating_units": [u.pk for u in cooperating], "proposed": proposal.why}
    audit.record(actor, event, problem, before=before, after=after, reason=reason.strip())
    notify.problem_event(problem, "assigned")
    return problem


@transaction.atomic
def assign_by_rules(actor, problem: Problem, *, why: str) -> Problem:
    """Assign a new problem to the unit the routing rules propose, as the system does for an
    inspection finding: no manager is involved, so `why` says what triggered it. With no
    proposal the problem stays new (待分派) for the office to route by hand."""
    problem = locked(problem)
    require_status(problem, (Status.NEW,), _("交办"))
    proposal = routing.propose(problem.site, problem.standard, problem.category, problem.territorial_unit)
    if proposal.unit is None or not proposal.unit.is_active:
        return problem
    now = timezone.now()
    before = snapshot(problem)
    problem.responsible_unit = proposal.unit
    problem.status = Status.ASSIGNED
    problem.deadline = deadlines.deadline_for(now, problem.severity, problem.category)
    problem.assigned_at = now
    problem.save()
    cooperating = [u for u in proposal.cooperating if u.pk != proposal.unit.pk]
    problem.cooperating_units.set(cooperating)
    after = snapshot(problem) | {"cooperating_units": [u.pk for u in cooperating], "proposed": proposal.why}
    audit.record(actor, "problem.assigned", problem, before=before, after=after, reason=why)
    notify.problem_event(problem, "assigned")
    return problem


@transaction.atomic
def accept_problem(actor, problem: Problem) -> Problem:
    """The unit takes the problem on (整改中)."""
    problem = locked(problem)
    require_unit(actor, problem)
    require_status(problem, (Status.ASSIGNED,), _("签收"))
    before = snapshot(problem)
    problem.status = Status.IN_PROGRESS
    problem.save(update_fields=["status", "updated_at"])
    audit.record_changes(actor, "problem.accepted", problem, before, snapshot(problem))
    return problem


@transaction.atomic
def submit_rectification(actor, problem: Problem, *, note: str, photos) -> Rectification:
    """The unit reports the fix with after-photos and a note (both required); the office reviews."""
    problem = locked(problem)
    require_unit(actor, problem)
    require_status(problem, WITH_UNIT, _("提交整改"))
    note = require_text(note, "note", _("请填写整改说明"))
    if not photos:
        raise DomainError(_("请上传整改后的照片"), field="photos")
    if len(photos) > MAX_PHOTOS:
        raise DomainError(_("照片最多 %(n)s 张") % {"n": MAX_PHOTOS}, field="photos")
    now = timezone.now()
    before = snapshot(problem)
    rectification = Rectification.objects.create(problem=problem, note=note, submitted_by=actor, submitted_at=now)
    add_photos(problem, photos, PhotoKind.AFTER, actor, rectification)
    withdraw_pending_requests(problem, actor)
    problem.status = Status.SUBMITTED
    problem.submitted_at = now
    problem.save(update_fields=["status", "submitted_at", "updated_at"])
    after = snapshot(problem) | {"note": note, "photos": len(photos), "rectification": rectification.pk}
    audit.record(actor, "problem.rectification_submitted", problem, before=before, after=after)
    notify.problem_event(problem, "submitted")
    return rectification


def _pending(problem: Problem) -> Rectification:
    rectification = problem.rectifications.filter(outcome=Review.PENDING).order_by("-submitted_at").first()
    if rectification is None:  # pragma: no cover - status SUBMITTED always has one
        raise DomainError(_("没有待审核的整改"))
    return rectification


@transaction.atomic
def approve_rectification(actor, problem: Problem, *, note: str = "") -> Problem:
    """Accept the fix and close the problem (销号). On time if submitted by the deadline."""
    problem = locked(problem)
    require_manager(actor, problem)
    require_status(problem, (Status.SUBMITTED,), _("审核通过"))
    rectification = _pending(problem)
    now = timezone.now()
    rectification.outcome, rectification.reviewed_by, rectification.reviewed_at = Review.APPROVED, actor, now
    rectification.review_note = note.strip()
    rectification.save()
    before = snapshot(problem)
    problem.status = Status.CLOSED
    problem.closed_at = now
    problem.closed_on_time = problem.deadline is None or rectification.submitted_at <= problem.deadline
    problem.save()
    audit.record(actor, "problem.approved", problem, before=before, after=snapshot(problem), reason=note.strip())
    return problem


@transaction.atomic
def reject_rectification(actor, problem: Problem, *, reason: str) -> Problem:
    """Send the fix back to the unit (退回); the reason is required. The deadline stands."""
    problem = locked(problem)
    require_manager(actor, problem)
    require_status(problem, (Status.SUBMITTED,), _("退回"))
    reason = require_text(reason, "reason", _("请填写退回理由"))
    rectification = _pending(problem)
    rectification.outcome, rectification.reviewed_by = Review.REJECTED, actor
    rectification.reviewed_at, rectification.review_note = timezone.now(), reason
    rectification.save()
    before = snapshot(problem)
    problem.status = Status.REJECTED
    problem.rework_count += 1
    problem.save()
    audit.record(actor, "problem.rejected", problem, before=before, after=snapshot(problem), reason=reason)
    notify.problem_event(problem, "rejected", reason)
    return problem
