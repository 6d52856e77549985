"""The inspector's tasks: the rounds they visit now and their team's sites in route order.

Read by the "我的督查任务" page and by the inspector's home page. Only rounds the person is a
team member of are listed (a covert round is seen by its own inspectors only, as visible_to says).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from chuangwen.inspections import access, planning
from chuangwen.inspections.models import VISITING, Round, RoundSite, Team, TeamMember, Verdict, VisitStatus


@dataclass
class SiteTask:
    entry: RoundSite
    visit: object  # Visit | None
    failed: int
    leg_m: int | None  # from the previous site of the route

    @property
    def state(self) -> str:
        if self.visit is None:
            return "todo"
        return "done" if self.visit.status == VisitStatus.SUBMITTED else "doing"

    @property
    def leg_km(self) -> float | None:
        return None if self.leg_m is None else self.leg_m / 1000


@dataclass
class RoundTasks:
    round: Round
    team: Team | None
    partners: list = field(default_factory=list)
    sites: list[SiteTask] = field(default_factory=list)

    @property
    def done(self) -> int:
        return sum(1 for s in self.sites if s.state == "done")

    @property
    def remaining(self) -> int:
        return len(self.sites) - self.done

    def runs_on(self, day: datetime.date) -> bool:
        return self.round.period_start <= day <= self.round.period_end

    @property
    def is_current(self) -> bool:
        return self.runs_on(timezone.localdate())


def active_rounds(user):
    """Rounds being visited (scheduled or in progress) on whose teams this person is."""
    if not (user.is_authenticated and user.is_active and user.role in access.TEAM_ROLES):
        return Round.objects.none()
    member_of = TeamMember.objects.filter(user_id=user.pk).values("round_id")
    return Round.objects.visible_to(user).filter(pk__in=member_of, status__in=VISITING)


def _entries(rounds: list[Round], team_ids: list[int]):
    """The sample entries of these teams (and those not yet given to any team), route order."""
    failed = Count("visit__results", filter=Q(visit__results__verdict=Verdict.FAIL))
    return (
        RoundSite.objects.in_sample()
        .filter(round__in=rounds)
        .filter(Q(team_id__in=team_ids) | Q(team__isnull=True))
        .select_related("site__site_type", "visit")
        .annotate(failed=failed)
        .order_by("round_id", "seq", "site_id")
    )


def _legs(sites: list[SiteTask]) -> None:
    previous = None
    for task in sites:
        site = task.entry.site
        if previous is not None and None not in (site.lat, site.lng, previous.lat, previous.lng):
            task.leg_m = round(
                planning.distance_m(float(previous.lat), float(previous.lng), float(site.lat), float(site.lng))
            )
        previous = site


def tasks_for(user) -> list[RoundTasks]:
    rounds = list(active_rounds(user).order_by("period_start", "created_at"))
    if not rounds:
        return []
    members = TeamMember.objects.filter(round_id__in=[r.pk for r in rounds]).select_related("team", "user")
    teams = {m.round_id: m.team for m in members if m.user_id == user.pk}
    tasks = {r.pk: RoundTasks(round=r, team=teams.get(r.pk)) for r in rounds}
    for m in members:
        if m.user_id != user.pk and m.team_id == getattr(teams.get(m.round_id), "pk", None):
            tasks[m.round_id].partners.append(m.user)
    for entry in _entries(rounds, [t.pk for t in teams.values()]):
        visit = getattr(entry, "visit", None)
        tasks[entry.round_id].sites.append(SiteTask(entry, visit, entry.failed, None))
    for task in tasks.values():
        _legs(task.sites)
    return list(tasks.values())


def today_summary(user) -> tuple[int, int]:
    """(sites still to inspect, rounds) among the person's rounds whose period includes today."""
    today = timezone.localdate()
    running = [t for t in tasks_for(user) if t.runs_on(today)]
    return sum(t.remaining for t in running), len(running)
