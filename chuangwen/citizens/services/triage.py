"""The office's triage of reports: accept (a problem is registered and routed), reject with a
reason, or mark as a duplicate of an existing problem. Accepting a citizen's report earns points."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.audit import services as audit
from chuangwen.citizens.models import Channel, CitizenSettings, PointsEntry, Report, ReportStatus
from chuangwen.citizens.services.intake import MAX_DESCRIPTION
from chuangwen.lib.errors import Conflict, DomainError, PermissionDenied
from chuangwen.problems.models import Problem, ProblemCategory, Severity, Source
from chuangwen.problems.services import assign_by_rules, create_problem
from chuangwen.problems.services.common import SharedPhoto
from chuangwen.units.models import OFFICE_ROLES

SOURCES = {
    Channel.WEB: Source.CITIZEN,
    Channel.OPEN311: Source.CITIZEN,
    Channel.HOTLINE: Source.HOTLINE,
    Channel.PETITION: Source.PETITION,
    Channel.ENVIRONMENT: Source.ENVIRONMENT,
}
REWARDED = (Channel.WEB, Channel.OPEN311)


def _require_office(actor) -> None:
    if not (actor.is_authenticated and actor.is_active and actor.role in OFFICE_ROLES):
        raise PermissionDenied(_("只有文明办可以受理市民反映"))


def _pending(report: Report) -> Report:
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.PENDING:
        raise Conflict(_("该反映已处理（%(status)s）") % {"status": report.get_status_display()})
    return report


def _decide(actor, report: Report, status: str, note: str, problem: Problem | None = None) -> None:
    report.status = status
    report.decision_note = note
    report.problem = problem
    report.decided_by = actor
    report.decided_at = timezone.now()
    report.save()


@transaction.atomic
def accept_report(
    actor,
    report: Report,
    *,
    category: ProblemCategory | None = None,
    severity: str = Severity.MINOR,
    note: str = "",
    public_text: str = "",
) -> Problem:
    """Register the report as a problem (with its photos and the reporter), routed by the rules;
    a citizen's accepted report earns the configured points on their phone. `public_text` is what
    Open311 shows of it (by default the report's own text)."""
    _require_office(actor)
    public_text = (public_text or "").strip()
    if len(public_text) > MAX_DESCRIPTION:
        raise DomainError(_("公开文字不能超过 %(n)s 字") % {"n": MAX_DESCRIPTION}, field="public_text")
    report = _pending(report)
    report.public_text = public_text or report.description
    category = category or report.category
    problem = create_problem(
        actor, source=SOURCES[report.channel], description=report.description, severity=severity,
        category=category, lat=report.lat, lng=report.lng, address=report.address,
        external_ref=report.external_ref or report.tracking_code, reporter_name=report.reporter_name,
        reporter_phone=report.reporter_phone,
        photos=[SharedPhoto.of(p) for p in report.photos.all()],
    )  # fmt: skip
    problem = assign_by_rules(
        actor, problem, why=_("市民反映 %(code)s 受理后按责任规则交办") % {"code": report.tracking_code}
    )
    points = 0
    if report.channel in REWARDED and report.reporter_phone:
        points = CitizenSettings.current().points_per_report
        if points:
            PointsEntry.objects.create(
                phone=report.reporter_phone, report=report, points=points, created_at=timezone.now()
            )
    report.points = points
    _decide(actor, report, ReportStatus.ACCEPTED, (note or "").strip(), problem)
    after = {"problem": problem.pk, "points": points, "public_text": report.public_text}
    audit.record(actor, "report.accepted", report, after=after, reason=note)
    return problem


@transaction.atomic
def reject_report(actor, report: Report, *, reason: str) -> Report:
    _require_office(actor)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("请填写不予受理的理由"), field="reason")
    report = _pending(report)
    _decide(actor, report, ReportStatus.REJECTED, reason)
    audit.record(actor, "report.rejected", report, reason=reason)
    return report


@transaction.atomic
def mark_duplicate(actor, report: Report, problem: Problem, *, note: str = "") -> Report:
    """The report is about a problem already registered: it follows that problem (no new problem,
    no points)."""
    _require_office(actor)
    if not isinstance(problem, Problem):
        raise DomainError(_("请选择重复的问题"), field="problem")
    report = _pending(report)
    _decide(actor, report, ReportStatus.DUPLICATE, (note or "").strip(), problem)
    audit.record(actor, "report.duplicate", report, after={"problem": problem.pk}, reason=note)
    return report
