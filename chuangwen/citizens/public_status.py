"""What the public status page of a report says: the state in the citizen's words, and nothing else.

A report's state follows its decision, then the problem it became (or duplicates):

    pending report                      -> 待受理
    rejected report                     -> 不予受理, with the office's reason
    accepted, problem 待分派             -> 已受理
    accepted, problem 已交办             -> 已交办, with the responsible unit
    accepted, problem 整改中/待审核/退回  -> 整改中, with the unit
    accepted, problem 已销号             -> 已办结, with the unit and the approved after-photos
    accepted, problem 无效               -> 不予受理, with the office's reason for the problem
    duplicate report                    -> 重复反映, followed by the original problem's state

A problem that was itself marked a duplicate later is followed to its original. The reporter's
name and phone, internal notes (the office's acceptance and duplicate notes, review notes, the
timeline) and the handlers' names are never shown.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from chuangwen.citizens.models import Report, ReportStatus
from chuangwen.problems.models import PhotoKind, Problem, ProblemPhoto, Review, Status

MAX_HOPS = 5  # duplicate_of chains are short; a longer one stops here
IN_PROGRESS = (Status.IN_PROGRESS, Status.SUBMITTED, Status.REJECTED)
# The steps of the progress bar, and the step each public state has reached.
STEPS = ("submitted", "accepted", "assigned", "in_progress", "closed")


@dataclass
class PublicState:
    key: str  # pending, rejected, accepted, assigned, in_progress, closed
    label: str
    css: str
    reason: str = ""
    unit: str = ""
    duplicate: bool = False
    closed_at: datetime.datetime | None = None
    after_photos: list[ProblemPhoto] = field(default_factory=list)

    @property
    def step(self) -> int:
        """How far along the progress bar the report is (-1: it left the road, 不予受理)."""
        if self.key == "pending":
            return 0
        return STEPS.index(self.key) if self.key in STEPS else -1

    @property
    def steps(self) -> list[tuple[str, bool]]:
        labels = [_("提交"), _("受理"), _("交办"), _("整改"), _("办结")]
        return [(label, index <= self.step) for index, label in enumerate(labels)]


def _original(problem: Problem) -> Problem:
    hops = 0
    while problem.status == Status.DUPLICATE and problem.duplicate_of_id and hops < MAX_HOPS:
        problem = Problem.objects.select_related("responsible_unit").get(pk=problem.duplicate_of_id)
        hops += 1
    return problem


def after_photos(problem: Problem) -> list[ProblemPhoto]:
    """The after-photos of the approved rectification of a closed problem (none otherwise)."""
    if problem.status != Status.CLOSED:
        return []
    return list(
        ProblemPhoto.objects.filter(problem=problem, kind=PhotoKind.AFTER, rectification__outcome=Review.APPROVED).only(
            "pk", "width", "height"
        )
    )


def _from_problem(problem: Problem) -> PublicState:
    unit = problem.responsible_unit.name if problem.responsible_unit_id else ""
    if problem.status == Status.NEW:
        return PublicState("accepted", _("已受理"), "text-bg-info")
    if problem.status == Status.ASSIGNED:
        return PublicState("assigned", _("已交办"), "text-bg-primary", unit=unit)
    if problem.status in IN_PROGRESS:
        return PublicState("in_progress", _("整改中"), "text-bg-warning", unit=unit)
    if problem.status == Status.CLOSED:
        return PublicState(
            "closed", _("已办结"), "text-bg-success", unit=unit, closed_at=problem.closed_at,
            after_photos=after_photos(problem),
        )  # fmt: skip
    return PublicState("rejected", _("不予受理"), "text-bg-secondary", reason=problem.end_reason)


def public_state(report: Report) -> PublicState:
    if report.status == ReportStatus.PENDING:
        return PublicState("pending", _("待受理"), "text-bg-secondary")
    if report.status == ReportStatus.REJECTED or report.problem_id is None:
        return PublicState("rejected", _("不予受理"), "text-bg-secondary", reason=report.decision_note)
    state = _from_problem(_original(report.problem))
    if report.status == ReportStatus.DUPLICATE:
        state.duplicate = True
    return state


def public_problem(report: Report) -> Problem | None:
    """The problem whose after-photos the report's status page may show (the original of a duplicate)."""
    if report.problem_id is None or report.status not in (ReportStatus.ACCEPTED, ReportStatus.DUPLICATE):
        return None
    return _original(report.problem)
