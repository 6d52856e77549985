"""Findings: the failed items of a submitted visit become problems, routed to the responsible unit.

An open round's findings are registered when the visit is submitted; a covert round's all at once
when the round is published, so nothing reaches the inspected units before then.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.audit import services as audit
from chuangwen.indicators.models import RuleKind
from chuangwen.inspections import signals
from chuangwen.inspections.models import CheckPhoto, CheckResult, Round, RoundStatus, Verdict, Visit, VisitStatus
from chuangwen.inspections.services.rounds import locked as locked_round
from chuangwen.inspections.services.rounds import number_if_announced, require_planner, require_status, snapshot
from chuangwen.problems.models import Severity, Source
from chuangwen.problems.services import assign_by_rules, create_problem
from chuangwen.problems.services.common import SharedPhoto


def _description(result: CheckResult) -> str:
    text = result.item.text.strip()
    if result.rule_kind == RuleKind.DEDUCTION and result.count > 1:
        text += _("（%(n)s 处）") % {"n": result.count}
    if result.note:
        text += "\n" + result.note
    return text


def _severity(result: CheckResult) -> str:
    return Severity.SERIOUS if result.rule_kind == RuleKind.VETO else Severity.MINOR


def create_findings(actor, visit: Visit) -> list:
    """Register a problem for each failed item of the visit that has none yet. Runs inside the
    caller's transaction; `actor` is the inspector (open round) or the publisher (covert round)."""
    if visit.status != VisitStatus.SUBMITTED:
        return []
    results = (
        CheckResult.objects.select_for_update()
        .filter(visit=visit, verdict=Verdict.FAIL, problem__isnull=True)
        .select_related("item", "standard", "site__territorial_unit")
    )
    photos: dict[int, list[SharedPhoto]] = {}
    for p in CheckPhoto.objects.filter(visit=visit):
        photos.setdefault(p.item_id, []).append(SharedPhoto.of(p))
    why = _("%(round)s 督查发现，按责任规则自动交办") % {"round": visit.round.code}
    problems = []
    for result in results:
        problem = create_problem(
            actor, source=Source.INSPECTION, description=_description(result), severity=_severity(result),
            standard=result.standard, site=result.site, photos=photos.get(result.item_id, [])[:9],
            external_ref=visit.round.code, on_behalf_of=visit.inspector,
        )  # fmt: skip
        result.problem = problem
        result.save(update_fields=["problem"])
        problems.append(assign_by_rules(actor, problem, why=why))
    if problems or visit.findings_created_at is None:
        visit.findings_created_at = timezone.now()
        visit.save(update_fields=["findings_created_at"])
    return problems


@transaction.atomic
def publish_round(actor, round_: Round) -> Round:
    """Publish a closed round: its results become visible to the inspected, and a covert round's
    findings are registered and sent to the responsible units now."""
    require_planner(actor)
    round_ = locked_round(round_)
    require_status(round_, (RoundStatus.CLOSED,), _("发布"))
    created = 0
    visits = Visit.objects.filter(round=round_, status=VisitStatus.SUBMITTED).select_related("round", "inspector")
    before = snapshot(round_)
    round_.status = RoundStatus.PUBLISHED
    round_.published_at = timezone.now()
    round_.save(update_fields=["status", "published_at"])
    number_if_announced(round_)  # a covert round's public code, taken now: before its problems name it
    signals.round_scorable.send(sender=Round, round_=round_)
    for visit in visits.order_by("submitted_at", "site_id"):
        created += len(create_findings(actor, visit))
    audit.record(actor, "round.published", round_, before=before, after=snapshot(round_) | {"problems": created})
    return round_
