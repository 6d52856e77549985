"""The plan of the demo city's inspection rounds: which rounds, when, what they sample, who inspects.

- 每周明察: an open round for every full week of the history (three kinds of site in turn, n per
  district), two or three teams of the office's inspectors; the demo login `inspector` is on 第一组.
- 模拟测评: two covert mock assessments by the third-party assessor's inspectors: one some seven weeks
  ago (closed and published), one running now (still secret).
- 本周明察: this week's open round on road sites, scheduled, not started (see current_round_spec).

The rounds are sized for the history's number of problems (the normal demo's 1,600 give ~50 sites a
week and ~200 a mock assessment; fewer problems, fewer and smaller rounds) and for the number of
districts (n per district is chosen so that a large city's rounds are as big as the normal one's).
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field

from django.utils import timezone

from chuangwen.demo.builders.history_plan import DAY, Calendar
from chuangwen.demo.data import rounds as data
from chuangwen.demo.data.units import ASSESSOR_NAME
from chuangwen.inspections.models import Kind

NORMAL_PROBLEMS = 1600  # the normal demo's history, for which the rounds below are sized
WEEKLY_SITES = 42
MOCK_SITES = 200
LIVE_MOCK_SITES = 150
CURRENT_SITES = 12
EXCLUDE_DAYS = 28  # weekly rounds leave out sites checked in the last four weeks
OFFICE_INSPECTORS = ("wmb.inspector1", "wmb.inspector2", "wmb.inspector3", "wmb.inspector4",
                     "wmb.inspector5", "wmb.inspector6")  # fmt: skip
MOCK_WEEKS_AGO = 7
MOCK_DAYS = 5
LIVE_MOCK_DAYS = 5
LIVE_MOCK_DONE = 3  # working days of the running mock assessment already behind us
FAIL_START, FAIL_END = 0.14, 0.08  # share of failed items in the first and the last week
MOCK_FAIL = 0.11
NOT_APPLICABLE = 0.02
VETO_FACTOR = 0.15  # veto items fail far more rarely


@dataclass
class RoundSpec:
    kind: str
    name: str
    notes: str
    site_types: tuple[str, ...]
    per_district: int
    plan_at: datetime.datetime  # when the office plans and schedules it
    visit_days: list[datetime.date]
    teams: list[tuple[str, ...]]  # usernames per team
    seed: int
    fail_rate: float
    close_at: datetime.datetime | None = None
    publish_at: datetime.datetime | None = None
    assessor: bool = False
    exclude_days: int | None = None
    leave_open_on: datetime.date | None = None  # 第一组 leaves its last visit of that day unsubmitted
    produces_problems: bool = True
    period: tuple[datetime.date, datetime.date] | None = field(default=None)

    @property
    def period_start(self) -> datetime.date:
        return self.period[0] if self.period else self.visit_days[0]

    @property
    def period_end(self) -> datetime.date:
        return self.period[1] if self.period else self.visit_days[-1]


def at(day: datetime.date, hour: float) -> datetime.datetime:
    tz = timezone.get_current_timezone()
    return datetime.datetime.combine(day, datetime.time(), tzinfo=tz) + datetime.timedelta(hours=hour)


def per_district(target: float, types: int, districts: int, *, up: bool = False) -> int:
    share = target / (types * districts)
    return max(1, math.ceil(share) if up else round(share))


class RoundPlanner:
    def __init__(self, rng, now: datetime.datetime, days: int, total: int, districts: int, assessors: list[str]):
        self.rng, self.now, self.days = rng, now, days
        self.factor = min(1.0, total / NORMAL_PROBLEMS)
        self.districts = districts
        self.assessors = assessors
        self.calendar = Calendar()
        self.today = timezone.localtime(now).date()
        self.first_day = self.today - datetime.timedelta(days=days - 1)

    # --- days ---------------------------------------------------------------------------

    def working_days(self, start: datetime.date, count: int) -> list[datetime.date]:
        found, day = [], start
        while len(found) < count:
            if self.calendar.working(day):
                found.append(day)
            day += DAY
        return found

    def working_before(self, day: datetime.date) -> datetime.date:
        day -= DAY
        while not self.calendar.working(day):
            day -= DAY
        return day

    def working_after(self, day: datetime.date) -> datetime.date:
        day += DAY
        while not self.calendar.working(day):
            day += DAY
        return day

    def hour(self, low: float, high: float) -> float:
        return self.rng.uniform(low, high)

    # --- the rounds -----------------------------------------------------------------------

    def plan(self) -> list[RoundSpec]:
        if self.factor <= 0:
            return []
        specs = self.weekly()
        specs += self.mock_assessments()
        return sorted(specs, key=lambda s: s.plan_at)

    def weekly(self) -> list[RoundSpec]:
        monday = self.today - datetime.timedelta(days=self.today.weekday())
        mondays = []
        week = monday - 7 * DAY
        while week >= self.first_day:
            mondays.append(week)
            week -= 7 * DAY
        mondays = sorted(mondays[: max(1, round(len(mondays) * self.factor))])
        specs = []
        for n, start in enumerate(mondays, start=1):
            days = [start + i * DAY for i in range(5) if self.calendar.working(start + i * DAY)]
            if not days:
                continue
            theme = data.WEEKLY_THEMES[(n - 1) % len(data.WEEKLY_THEMES)]
            per = per_district(WEEKLY_SITES * self.factor, len(theme.site_types), self.districts, up=True)
            progress = (start - self.first_day).days / self.days
            close = at(self.working_after(start + 4 * DAY), self.hour(9, 10))
            spec = RoundSpec(
                kind=Kind.OPEN,
                name=data.WEEKLY_NAME.format(n=n, start=start, end=start + 4 * DAY, label=theme.label),
                notes=data.WEEKLY_NOTES.format(per=per, days=EXCLUDE_DAYS),
                site_types=theme.site_types,
                per_district=per,
                plan_at=at(self.working_before(start), self.hour(15, 16.5)),
                visit_days=days,
                teams=self.office_teams(n, 3 if per * len(theme.site_types) * self.districts > 45 else 2),
                seed=20260000 + n,
                fail_rate=FAIL_START + (FAIL_END - FAIL_START) * progress,
                close_at=close,
                publish_at=close + datetime.timedelta(hours=self.hour(1, 3)),
                exclude_days=EXCLUDE_DAYS,
                period=(start, start + 4 * DAY),
            )
            specs.append(spec)
        return specs

    def office_teams(self, week: int, count: int) -> list[tuple[str, ...]]:
        """第一组 is the demo login `inspector` with a partner who changes every week; the others pair up."""
        others = list(
            OFFICE_INSPECTORS[week % len(OFFICE_INSPECTORS) :] + OFFICE_INSPECTORS[: week % len(OFFICE_INSPECTORS)]
        )
        teams = [("inspector", others.pop(0))]
        while len(teams) < count and len(others) >= 2:
            teams.append((others.pop(0), others.pop(0)))
        return teams

    def mock_teams(self, count: int, offset: int) -> list[tuple[str, ...]]:
        people = self.assessors[offset:] + self.assessors[:offset]
        return [tuple(people[2 * i : 2 * i + 2]) for i in range(min(count, len(people) // 2))]

    def mock_sample(self, size: float) -> tuple[tuple[str, ...], int]:
        """The kinds of site and n per district for a mock assessment of about `size` sites: every
        kind, several per district; for a smaller one or a city of many districts, fewer kinds."""
        types = data.MOCK_TYPES
        if size < len(types) * self.districts:
            return types[: max(2, round(size / self.districts))], 1
        return types, per_district(size, len(types), self.districts)

    def mock_assessments(self) -> list[RoundSpec]:
        types, per = self.mock_sample(max(20, MOCK_SITES * self.factor))
        notes = data.MOCK_NOTES.format(assessor=ASSESSOR_NAME)
        monday = self.today - datetime.timedelta(days=self.today.weekday())
        start = max(monday - MOCK_WEEKS_AGO * 7 * DAY, self.first_day + 7 * DAY)
        days = self.working_days(start, MOCK_DAYS)
        close = at(self.working_after(days[-1]), self.hour(16, 17.5))
        publish_day = self.working_days(close.date() + DAY, 5)[-1]
        published = RoundSpec(
            kind=Kind.MOCK, name=data.MOCK_NAMES[0], notes=notes, site_types=types, per_district=per,
            plan_at=at(self.working_before(days[0]), self.hour(10, 11.5)), visit_days=days,
            teams=self.mock_teams(4, 0), seed=20269001, fail_rate=MOCK_FAIL, close_at=close,
            publish_at=at(publish_day, self.hour(9.5, 11)), assessor=True,
        )  # fmt: skip
        live_start = self.today
        for _ in range(LIVE_MOCK_DONE):
            live_start = self.working_before(live_start)
        live_days = self.working_days(live_start, LIVE_MOCK_DAYS)
        types, per = self.mock_sample(max(20, LIVE_MOCK_SITES * self.factor))
        running = RoundSpec(
            kind=Kind.MOCK, name=data.MOCK_NAMES[1], notes=notes, site_types=types, per_district=per,
            plan_at=at(self.working_before(live_days[0]), self.hour(10, 11.5)), visit_days=live_days,
            teams=self.mock_teams(3, 2), seed=20269002, fail_rate=MOCK_FAIL, assessor=True,
            leave_open_on=live_days[LIVE_MOCK_DONE - 1], produces_problems=False,
        )  # fmt: skip
        return [published, running]


def current_round_spec(now: datetime.datetime, districts: int) -> RoundSpec:
    """This week's open round on road sites, planned the working day before, starting today."""
    calendar_ = RoundPlanner(None, now, 1, 0, districts, [])
    today = calendar_.today
    per = per_district(CURRENT_SITES, 1, districts)
    end = today + 6 * DAY
    return RoundSpec(
        kind=Kind.OPEN,
        name=data.CURRENT_NAME,
        notes=data.CURRENT_NOTES.format(per=per, start=today, end=end),
        site_types=data.CURRENT_TYPES,
        per_district=per,
        plan_at=min(at(calendar_.working_before(today), 16.0), now - datetime.timedelta(hours=1)),
        visit_days=[],
        teams=[("inspector", OFFICE_INSPECTORS[0])],
        seed=20261000,
        fail_rate=0.0,
        period=(today, end),
        produces_problems=False,
    )


def expected_findings(specs: list[RoundSpec], population: dict[tuple[str, int], int], items: dict[str, int]) -> int:
    """About how many problems the rounds will register: sites drawn x checklist items x failure rate.
    population: sites per (site type code, district unit id); items: checklist items per site type code."""
    total = 0.0
    districts = {d for _t, d in population}
    for spec in specs:
        if not spec.produces_problems:
            continue
        for code in spec.site_types:
            drawn = sum(min(spec.per_district, population.get((code, d), 0)) for d in districts)
            total += drawn * items.get(code, 0) * spec.fail_rate * (1 - NOT_APPLICABLE)
    return math.floor(total)
