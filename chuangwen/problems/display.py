"""How problems are shown: status colours, deadline state, and citizens' data masked for non-office users."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from chuangwen.problems.models import WITH_UNIT, Problem, Status

STATUS_CLASSES = {
    Status.NEW: "text-bg-secondary",
    Status.ASSIGNED: "text-bg-primary",
    Status.IN_PROGRESS: "text-bg-info",
    Status.SUBMITTED: "text-bg-warning",
    Status.REJECTED: "text-bg-danger",
    Status.CLOSED: "text-bg-success",
    Status.INVALID: "text-bg-light border",
    Status.DUPLICATE: "text-bg-light border",
}
SEVERITY_CLASSES = {"urgent": "text-danger fw-bold", "serious": "text-danger", "major": "text-warning-emphasis"}
DUE_SOON = datetime.timedelta(hours=48)


def mask_phone(phone: str) -> str:
    """138****1234: the first three and last four digits of a mobile number; shorter numbers keep less."""
    phone = (phone or "").strip()
    if not phone:
        return ""
    if len(phone) >= 11:
        return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
    keep = max(len(phone) // 4, 1)
    return phone[:keep] + "*" * (len(phone) - 2 * keep) + phone[-keep:]


def mask_name(name: str) -> str:
    """张** : the family name only."""
    name = (name or "").strip()
    return name[:1] + "*" * (len(name) - 1) if len(name) > 1 else name


def sees_personal_data(user) -> bool:
    """Citizens' names and phones are for the city office only (domain.md §2)."""
    return bool(user.is_authenticated and user.is_office)


def reporter_for(user, problem: Problem) -> tuple[str, str]:
    """The reporter's name and phone as this person may see them."""
    if sees_personal_data(user):
        return problem.reporter_name, problem.reporter_phone
    return mask_name(problem.reporter_name), mask_phone(problem.reporter_phone)


@dataclass(frozen=True)
class DeadlineState:
    deadline: datetime.datetime | None
    overdue_days: int
    hours_left: int | None  # set when due within 48 hours and not overdue
    running: bool  # the clock runs (the problem is with the unit)

    @property
    def text(self) -> str:
        if self.overdue_days:
            return _("超期%(n)s天") % {"n": self.overdue_days}
        if self.hours_left is not None:
            return _("剩余%(n)s小时") % {"n": self.hours_left}
        return ""


def deadline_state(problem: Problem, now: datetime.datetime) -> DeadlineState:
    running = problem.status in WITH_UNIT and problem.deadline is not None
    hours_left = None
    overdue = problem.overdue_days(now)
    if running and not overdue and problem.deadline - now <= DUE_SOON:
        hours_left = max(int((problem.deadline - now).total_seconds() // 3600), 0)
    return DeadlineState(problem.deadline, overdue, hours_left, running)
