"""Deadlines and escalation (督办): the ladder a problem with a unit climbs as its deadline nears
and passes, and the notices each step sends.

The ladder (thresholds from EscalationPolicy; D is the problem's deadline):

  level 1 REMINDED  D - remind_before_hours <= now <= D   reminder to the unit's liaison
  level 2 OVERDUE   now > D                               overdue notice to the liaison
  level 3 HEAD      now > D and now - D >= head_after_days     notice to the unit's head
  level 4 SUMMONS   now > D and now - D >= summons_after_days  onto the summons list (约谈名单)

Only problems with the unit (assigned, in progress, rejected) and a deadline climb. A problem
never climbs down; extensions, reassignments and reopening set the level back to 0 with a new
deadline (in the services), so the ladder starts again.

A problem that skipped steps (first seen ten days overdue, or a loop that was stopped for a
while) jumps straight to the highest level it has reached and sends that level's notice only:
an old reminder for a deadline long past would be noise. The notices of levels 3 and 4 also go
to the liaison, so the liaison is never left out by a jump.

Each step is claimed with a conditional UPDATE (level, status, deadline and unit as this run saw
them) in its own transaction with its audit event, inbox notices and outbox rows: only the run
whose UPDATE changed the row writes them, so a rerun, or two runs at once on two machines, send
each notice once. The dedupe keys of Notification and Outbox would refuse a duplicate anyway.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import groupby
from typing import NamedTuple

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, IntegerField, Value, When
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chuangwen.audit import services as audit
from chuangwen.problems import delivery
from chuangwen.problems.inbox import Notification
from chuangwen.problems.models import OPEN, WITH_UNIT, Escalation, Problem
from chuangwen.problems.policies import EscalationPolicy
from chuangwen.units.models import Role, Unit, UnitKind, User

KINDS = {
    Escalation.REMINDED: "escalation_reminder",
    Escalation.OVERDUE: "escalation_overdue",
    Escalation.HEAD: "escalation_head",
    Escalation.SUMMONS: "escalation_summons",
}
HEAD_LEVELS = (Escalation.HEAD, Escalation.SUMMONS)


# --- the ladder ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ladder:
    """The policy's thresholds as durations relative to the deadline."""

    remind_before: datetime.timedelta
    head_after: datetime.timedelta
    summons_after: datetime.timedelta

    @classmethod
    def from_policy(cls, policy: EscalationPolicy) -> Ladder:
        return cls(
            remind_before=datetime.timedelta(hours=policy.remind_before_hours),
            head_after=datetime.timedelta(days=policy.head_after_days),
            summons_after=datetime.timedelta(days=policy.summons_after_days),
        )

    def level(self, deadline: datetime.datetime, now: datetime.datetime) -> int:
        """The level a problem with this deadline has reached at `now`."""
        if deadline < now:
            if now - deadline >= self.summons_after:
                return Escalation.SUMMONS
            if now - deadline >= self.head_after:
                return Escalation.HEAD
            return Escalation.OVERDUE
        if self.remind_before and deadline - self.remind_before <= now:
            return Escalation.REMINDED
        return Escalation.NONE

    def level_expression(self, now: datetime.datetime) -> Case:
        """level() as SQL over Problem.deadline, to pick the problems that have climbed."""
        whens = [
            When(deadline__lt=now, deadline__lte=now - self.summons_after, then=Value(Escalation.SUMMONS)),
            When(deadline__lt=now, deadline__lte=now - self.head_after, then=Value(Escalation.HEAD)),
            When(deadline__lt=now, then=Value(Escalation.OVERDUE)),
        ]
        if self.remind_before:
            whens.append(When(deadline__lte=now + self.remind_before, then=Value(Escalation.REMINDED)))
        return Case(*whens, default=Value(Escalation.NONE), output_field=IntegerField())


class Due(NamedTuple):
    pk: int
    deadline: datetime.datetime
    level: int
    unit_id: int


def due(ladder: Ladder, now: datetime.datetime) -> list[Due]:
    """Problems with the unit whose level is below the one they have reached, oldest deadline first."""
    horizon = now + ladder.remind_before
    rows = (
        Problem.objects.filter(
            status__in=WITH_UNIT, deadline__isnull=False, deadline__lte=horizon, escalation_level__lt=Escalation.SUMMONS
        )
        .annotate(reached=ladder.level_expression(now))
        .filter(escalation_level__lt=F("reached"))
        .order_by("deadline", "pk")
        .values_list("pk", "deadline", "escalation_level", "responsible_unit_id")
    )
    return [Due(*row) for row in rows]


# --- the run ---------------------------------------------------------------------------------


@dataclass
class Summary:
    due: int = 0
    escalated: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    taken_elsewhere: int = 0
    notifications: int = 0
    messages: int = 0

    @property
    def total(self) -> int:
        return sum(self.escalated.values())

    def __str__(self) -> str:
        levels = ", ".join(
            f"{KINDS[level].removeprefix('escalation_')} {self.escalated.get(level, 0)}" for level in KINDS
        )
        return (
            f"{self.due} due, {self.total} escalated ({levels}), {self.taken_elsewhere} taken by another run; "
            f"{self.notifications} inbox notices, {self.messages} SMS/email queued"
        )


def run_once(now: datetime.datetime | None = None) -> Summary:
    """Move every due problem to the level it has reached and send that level's notices."""
    now = now or timezone.now()
    policy = EscalationPolicy.current()
    ladder = Ladder.from_policy(policy)
    summary = Summary()
    context = _Context(policy, now)
    with translation.override(settings.LANGUAGE_CODE):
        for item in due(ladder, now):
            summary.due += 1
            target = ladder.level(item.deadline, now)
            if target <= item.level:  # pragma: no cover - due() already compared them
                continue
            if _escalate(item, target, context, summary):
                summary.escalated[target] += 1
            else:
                summary.taken_elsewhere += 1
    return summary


@transaction.atomic
def _escalate(item: Due, target: int, context: _Context, summary: Summary) -> bool:
    """Claim the step; only the run that moved the row writes the event and the notices."""
    claimed = Problem.objects.filter(
        pk=item.pk,
        status__in=WITH_UNIT,
        escalation_level=item.level,
        deadline=item.deadline,
        responsible_unit_id=item.unit_id,
    ).update(escalation_level=target)
    if claimed != 1:
        return False
    problem = Problem.objects.select_related("responsible_unit").get(pk=item.pk)
    audit.record(
        None,
        "problem.escalated",
        problem,
        before={"escalation_level": item.level},
        after={"escalation_level": target},
        reason=str(Escalation(target).label),
    )
    _notify(problem, target, context, summary)
    return True


# --- the notices -----------------------------------------------------------------------------


class _Context:
    """What one run looks up once: the policy, the signature, each unit's people."""

    def __init__(self, policy: EscalationPolicy, now: datetime.datetime) -> None:
        self.policy = policy
        self.now = now
        self._people: dict[int, tuple[list[User], list[User]]] = {}
        self._signature: str | None = None

    def people(self, unit_id: int) -> tuple[list[User], list[User]]:
        """The active handlers and heads of a unit."""
        if unit_id not in self._people:
            users = list(
                User.objects.filter(is_active=True, unit_id=unit_id, role__in=(Role.UNIT_HANDLER, Role.UNIT_HEAD))
            )
            self._people[unit_id] = (
                [u for u in users if u.role == Role.UNIT_HANDLER],
                [u for u in users if u.role == Role.UNIT_HEAD],
            )
        return self._people[unit_id]

    @property
    def signature(self) -> str:
        if self._signature is None:
            self._signature = sms_signature()
        return self._signature


def sms_signature() -> str:
    """SMS_SIGNATURE, or 【<city>文明办】 from the root of the unit tree."""
    if settings.SMS_SIGNATURE:
        return settings.SMS_SIGNATURE
    city = Unit.objects.filter(kind=UnitKind.CITY, parent__isnull=True).order_by("pk").first()
    return _("【%(city)s文明办】") % {"city": city.name} if city else ""


def format_deadline(deadline: datetime.datetime) -> str:
    local = timezone.localtime(deadline)
    return _("%(month)s月%(day)s日%(time)s") % {"month": local.month, "day": local.day, "time": f"{local:%H:%M}"}


def message(problem: Problem, level: int, now: datetime.datetime) -> str:
    """The one sentence every channel says about this step."""
    assert problem.deadline is not None and problem.responsible_unit is not None
    params = {
        "code": problem.code,
        "unit": problem.responsible_unit.name,
        "deadline": format_deadline(problem.deadline),
        "days": max(1, (now - problem.deadline).days),
    }
    if level == Escalation.REMINDED:
        return _("问题%(code)s（%(unit)s）将于%(deadline)s到期，请抓紧整改。") % params
    if level == Escalation.OVERDUE:
        return _("问题%(code)s（%(unit)s）已超过整改时限（%(deadline)s），请立即整改。") % params
    if level == Escalation.HEAD:
        return _("问题%(code)s（%(unit)s）已超期%(days)s天（时限%(deadline)s），请单位负责人督促整改。") % params
    return _("问题%(code)s（%(unit)s）已超期%(days)s天（时限%(deadline)s），已列入约谈名单。") % params


def dedupe_key(problem: Problem, level: int) -> str:
    """One key per problem, level and deadline: a new deadline starts a new ladder."""
    assert problem.deadline is not None
    return f"esc:{problem.pk}:{level}:{problem.deadline.astimezone(datetime.UTC).isoformat()}"


def recipients(problem: Problem, level: int, context: _Context) -> list[User]:
    """Handlers (the liaison's level); from level 3 the heads as well. A unit with no handler
    account hears through its heads."""
    handlers, heads = context.people(problem.responsible_unit_id)
    if level in HEAD_LEVELS or not handlers:
        return [*heads, *handlers]
    return handlers


def phones(problem: Problem, level: int) -> list[str]:
    """The unit's liaison; from level 3 its head first."""
    unit = problem.responsible_unit
    numbers = [unit.head_phone] if level in HEAD_LEVELS else []
    numbers.append(unit.liaison_phone)
    return list(dict.fromkeys(n.strip() for n in numbers if n and n.strip()))


def _notify(problem: Problem, level: int, context: _Context, summary: Summary) -> None:
    text = message(problem, level, context.now)
    path = reverse("problems:detail", args=[problem.pk])
    link = f"{settings.NOTIFICATION_BASE_URL}{path}"
    key = dedupe_key(problem, level)
    users = recipients(problem, level, context)
    Notification.objects.bulk_create(
        [
            Notification(recipient=u, problem=problem, kind=KINDS[level], title=text[:200], url=path, dedupe_key=key)
            for u in users
        ],
        ignore_conflicts=True,
    )
    summary.notifications += len(users)
    if context.policy.notify_sms:
        sms = f"{context.signature}{text}" + _("详见：%(url)s") % {"url": link}
        for phone in phones(problem, level):
            delivery.queue_sms(phone, sms, dedupe_key=f"{key}:sms:{phone}", problem=problem)
            summary.messages += 1
    if context.policy.notify_email:
        body = "\n\n".join([text, problem.description, _("详见：%(url)s") % {"url": link}])
        for user in users:
            if user.email:
                delivery.queue_email(user.email, text, body, dedupe_key=f"{key}:email:{user.pk}", problem=problem)
                summary.messages += 1


# --- the summons list (约谈名单) ---------------------------------------------------------------


def summons_queryset():
    """Problems on the summons list: at level 4 and not yet closed."""
    return Problem.objects.filter(escalation_level=Escalation.SUMMONS, status__in=OPEN)


@dataclass
class SummonsGroup:
    unit: Unit
    problems: list[Problem]

    @property
    def count(self) -> int:
        return len(self.problems)


def summons_list(now: datetime.datetime | None = None, queryset=None) -> list[SummonsGroup]:
    """The summons list by responsible unit, the unit with the most problems first. Each problem
    carries `days_overdue` at `now`. `queryset` narrows it (e.g. to what a user may see)."""
    now = now or timezone.now()
    queryset = summons_queryset() if queryset is None else queryset.filter(pk__in=summons_queryset().values("pk"))
    problems = list(queryset.select_related("responsible_unit").order_by("responsible_unit_id", "deadline", "pk"))
    groups = []
    for _unit_id, items in groupby(problems, key=lambda p: p.responsible_unit_id):
        members = list(items)
        for p in members:
            p.days_overdue = max(0, (now - p.deadline).days) if p.deadline else 0
        groups.append(SummonsGroup(unit=members[0].responsible_unit, problems=members))
    groups.sort(key=lambda g: (-g.count, g.unit.path))
    return groups
