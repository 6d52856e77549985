"""Deadlines from the policy: calendar or working days, with the holiday calendar."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from chuangwen.problems.models import ProblemCategory, Severity
from chuangwen.problems.policies import DeadlinePolicy, DurationUnit, Holiday

# Used when the office has not configured a policy for a severity.
DEFAULTS = {
    Severity.URGENT: (24, DurationUnit.HOURS, False),
    Severity.SERIOUS: (3, DurationUnit.DAYS, False),
    Severity.MAJOR: (7, DurationUnit.DAYS, False),
    Severity.MINOR: (15, DurationUnit.DAYS, False),
}


@dataclass(frozen=True)
class Rule:
    amount: int
    unit: str
    working_days: bool


def rule_for(severity: str, category: ProblemCategory | None) -> Rule:
    policies = DeadlinePolicy.objects.filter(severity=severity)
    policy = None
    if category is not None:
        policy = policies.filter(category=category).first()
    if policy is None:
        policy = policies.filter(category__isnull=True).first()
    if policy is not None:
        return Rule(policy.amount, policy.unit, policy.working_days)
    amount, unit, working = DEFAULTS.get(severity, DEFAULTS[Severity.MINOR])
    return Rule(amount, unit, working)


def _calendar(start: datetime.date, end: datetime.date) -> dict[datetime.date, bool]:
    """Holiday dates in range → is it a working day (True for 调休上班)."""
    return dict(Holiday.objects.filter(date__gte=start, date__lte=end).values_list("date", "is_workday"))


def is_working_day(day: datetime.date, calendar: dict[datetime.date, bool]) -> bool:
    if day in calendar:
        return calendar[day]
    return day.weekday() < 5


def add_working_days(start: datetime.datetime, days: int) -> datetime.datetime:
    """The same time of day, `days` working days later (weekends and holidays skipped)."""
    local = start
    calendar = _calendar(start.date(), start.date() + datetime.timedelta(days=days * 3 + 30))
    remaining = days
    while remaining > 0:
        local += datetime.timedelta(days=1)
        if is_working_day(local.date(), calendar):
            remaining -= 1
    return local


def compute_deadline(start: datetime.datetime, rule: Rule) -> datetime.datetime:
    """`start` must be aware; working-day arithmetic runs in the local time zone."""
    from django.utils import timezone

    local = timezone.localtime(start)
    if rule.unit == DurationUnit.HOURS:
        return start + datetime.timedelta(hours=rule.amount)
    if rule.working_days:
        return add_working_days(local, rule.amount)
    return local + datetime.timedelta(days=rule.amount)


def deadline_for(start: datetime.datetime, severity: str, category: ProblemCategory | None) -> datetime.datetime:
    return compute_deadline(start, rule_for(severity, category))
