"""Three months of problem history for the demo city, played through the real problem services.

Each planned case (history_plan.py) lives as a generator: it yields the moment of its next step,
and when resumed takes that step by calling a service (create, assign, accept, submit, review,
request, decide, end, reopen). One loop runs every step of every case in time order under a single
time_machine traveller (moved, never restarted, so the cost per step is small), which makes
timezone.now(), auto_now_add and so every audit event, rectification, request and notification
carry the simulated moment. The escalation run (what escalate_overdue does every minute) runs in
the same loop once a simulated day, so overdue problems climb the ladder at the right times. Steps
that would fall after "now" are not taken: those problems are the open work the demo starts with.
"""

from __future__ import annotations

import datetime
import heapq
import logging
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import time_machine
from django.db.models import F
from django.utils import timezone

from chuangwen.demo.builders.history_plan import DAY, HOUR, Actors, Calendar, Case, Planner
from chuangwen.demo.builders.photos import PhotoLibrary
from chuangwen.demo.builders.units import CityUnits
from chuangwen.demo.data import workflow_texts as flow
from chuangwen.demo.data.problems import CATEGORIES
from chuangwen.lib.errors import DomainError
from chuangwen.problems import escalation, services
from chuangwen.problems.inbox import Notification
from chuangwen.problems.models import ProblemCategory
from chuangwen.problems.policies import EscalationPolicy
from chuangwen.units.models import Unit

if TYPE_CHECKING:
    from chuangwen.demo.builders.inspections import RoundPlayer, RoundSetup

logger = logging.getLogger(__name__)

HISTORY_DAYS = 90
MINUTE = datetime.timedelta(minutes=1)
Life = Iterator[datetime.datetime]
DEFAULT_UNITS = {c.code: c.default_unit for c in CATEGORIES}


@dataclass
class HistoryResult:
    problems: int = 0
    steps: int = 0
    failed: list[str] = field(default_factory=list)


@contextmanager
def _in_app_escalations_only():
    """Escalations of the simulated past notify in the app only: no SMS or email is queued, so nothing
    about the past is sent when the outbox is delivered (with a real gateway, to made-up numbers)."""
    policy = EscalationPolicy.current()
    flags = {"notify_sms": policy.notify_sms, "notify_email": policy.notify_email}
    EscalationPolicy.objects.filter(pk=policy.pk).update(notify_sms=False, notify_email=False)
    try:
        yield
    finally:
        EscalationPolicy.objects.filter(pk=policy.pk).update(**flags)


class History:
    def __init__(
        self,
        rng: random.Random,
        actors: Actors,
        photos: PhotoLibrary,
        categories: dict[str, ProblemCategory],
        departments: dict[str, Unit],
        now: datetime.datetime,
    ):
        self.rng, self.actors, self.photos = rng, actors, photos
        self.categories, self.departments, self.now = categories, departments, now
        self.calendar = Calendar()
        self.clock = now
        self.created: list[Case] = []
        self.result = HistoryResult()

    # --- the loop ---------------------------------------------------------------------------

    def run(self, cases: list[Case], rounds: RoundPlayer | None = None) -> HistoryResult:
        """Play every case (and the inspection rounds, which start lives of their own) up to now."""
        self.queue: list[tuple[datetime.datetime, int, Life]] = []
        self.labels: dict[int, str] = {}
        for case in cases:
            self.start(self.scripted(case) if case.script else self.life(case), case.description[:20])
        if rounds is not None:
            for life, label in rounds.lives(self):
                self.start(life, label)
        if not self.queue:
            return self.result
        start = min(moment for moment, _key, _life in self.queue)
        self.start(self.escalations(start), "escalation")
        with time_machine.travel(start, tick=False) as traveller, _in_app_escalations_only():
            while self.queue and self.queue[0][0] <= self.now:
                moment, key, life = heapq.heappop(self.queue)
                traveller.move_to(moment)
                self.clock = moment
                self.result.steps += 1
                try:
                    following = next(life)
                except StopIteration:
                    continue
                except DomainError as error:  # a step the rules refuse ends that story, not the load
                    self.result.failed.append(f"{self.labels[key]}: {error.message}")
                    logger.warning("demo history step refused: %s", error.message)
                    continue
                heapq.heappush(self.queue, (max(following, moment + MINUTE), key, life))
        self.result.problems = len(self.created)
        self._read_old_notifications()
        return self.result

    def start(self, life: Life, label: str) -> None:
        """Queue a life at the moment of its first step (a life may start others while it runs)."""
        try:
            first = next(life)
        except StopIteration:
            return
        key = len(self.labels)
        self.labels[key] = label
        heapq.heappush(self.queue, (first, key, life))

    def escalations(self, start: datetime.datetime) -> Life:
        """The escalation run (escalate_overdue) once a day at 8:00: reminders, overdue notices, summons."""
        day = timezone.localtime(start).date()
        while True:
            yield self._at(day, 8.0)
            escalation.run_once(self.clock)
            day += DAY

    def _read_old_notifications(self) -> None:
        """People read their messages: all but the last two days' are marked read a little after they came."""
        Notification.objects.filter(created_at__lt=self.now - 2 * DAY, read_at__isnull=True).update(
            read_at=F("created_at") + datetime.timedelta(hours=3)
        )

    # --- when people work -------------------------------------------------------------------

    def _at(self, day: datetime.date, hour: float) -> datetime.datetime:
        tz = timezone.get_current_timezone()
        return datetime.datetime.combine(day, datetime.time(), tzinfo=tz) + datetime.timedelta(hours=hour)

    def office_time(self, moment: datetime.datetime) -> datetime.datetime:
        """The office works 8:30-17:30 on working days: the moment, or the next opening after it."""
        local = timezone.localtime(moment)
        day, hour = local.date(), local.hour + local.minute / 60
        if self.calendar.working(day) and 8.5 <= hour < 17.5:
            return moment
        if not (self.calendar.working(day) and hour < 8.5):
            day += DAY
            while not self.calendar.working(day):
                day += DAY
        return self._at(day, 8.5 + self.rng.uniform(0, 2.5))

    def unit_time(self, moment: datetime.datetime) -> datetime.datetime:
        """Units work 8:00-20:00, on a day off now and then."""
        local = timezone.localtime(moment)
        day, hour = local.date(), local.hour + local.minute / 60
        if 8 <= hour < 20 and (self.calendar.working(day) or self.rng.random() < 0.3):
            return moment
        if hour >= 8:
            day += DAY
        while not self.calendar.working(day) and self.rng.random() > 0.3:
            day += DAY
        return self._at(day, 8 + self.rng.uniform(0, 4))

    def hours(self, low: float, high: float) -> datetime.timedelta:
        return datetime.timedelta(hours=self.rng.uniform(low, high))

    # --- who --------------------------------------------------------------------------------

    def handler(self, case: Case):
        return self.actors.handlers[case.problem.responsible_unit_id]

    def reviewer(self, case: Case):
        local = case.local_desk
        return local if local is not None and case.problem.district_id == local.unit_id else case.desk

    # --- one problem's life -----------------------------------------------------------------

    def life(self, case: Case) -> Life:
        yield case.created_at
        self.create(case)
        if case.end:
            yield self.office_time(self.clock + self.hours(1, 30))
            if self.end(case):
                if not case.reopen_after_end:
                    return
                yield self.office_time(self.clock + self.hours(20, 100))
                case.problem = services.reopen_problem(
                    case.desk, case.problem, reason=self.rng.choice(flow.REOPEN_REASONS)
                )
        yield self.office_time(self.clock + self.hours(0.3, 20))
        self.assign(case)
        yield from self.settle(case)

    def settle(self, case: Case) -> Life:
        """An assigned problem's life from the unit's first move to 销号, and maybe its coming back."""
        yield from self.work(case)
        if case.rebound:
            yield self.office_time(self.clock + self.hours(7 * 24, 30 * 24))
            reason = self.rng.choice(flow.REBOUND_REASONS)
            case.problem = services.reopen_problem(case.desk, case.problem, reason=reason, rebound=True)
            case.timing, case.rejections, case.dispute, case.extension = "on_time", 0, "", ""
            yield from self.work(case)

    def create(self, case: Case) -> None:
        site = case.spot.site if case.spot else None
        lat = case.lat if case.lat is not None else (site.lat if site else None)
        lng = case.lng if case.lng is not None else (site.lng if site else None)
        photos = self.photos.before_photos(case.category, case.photos, lat, lng, self.clock - 3 * MINUTE)
        case.problem = services.create_problem(
            case.creator,
            source=case.source,
            description=case.description,
            severity=case.severity,
            category=self.categories[case.category],
            standard=case.standard,
            site=site,
            lat=case.lat,
            lng=case.lng,
            address=case.address,
            external_ref=case.external_ref,
            reporter_name=case.reporter_name,
            reporter_phone=case.reporter_phone,
            photos=photos,
        )
        self.created.append(case)

    def end(self, case: Case) -> bool:
        """Close without a fix: invalid, or a duplicate of an earlier report of the same thing."""
        if case.end == "invalid":
            reason = self.rng.choice(flow.INVALID_REASONS)
            case.problem = services.mark_invalid(case.desk, case.problem, reason=reason)
            return True
        original = case.original.problem if case.original else None
        if original is None:
            return False
        case.problem = services.mark_duplicate(case.desk, case.problem, original=original)
        return True

    def assign(self, case: Case) -> None:
        actor = case.local_desk or case.desk
        case.problem = services.assign_problem(actor, case.problem, unit=case.unit, reason=case.unit_reason)

    def work(self, case: Case) -> Life:
        """From assignment to 销号 (closing): accept, maybe dispute or ask for time, submit, get rejected, get approved."""
        if case.accept:
            yield self.unit_time(self.clock + self._reaction(case))
            case.problem = services.accept_problem(self.handler(case), case.problem)
        if case.dispute:
            yield from self.dispute(case)
        if case.extension:
            yield from self.extension(case)
        for attempt in range(case.rejections + 1):
            yield self.submit_time(case, first=attempt == 0)
            self.submit(case)
            yield self.office_time(self.clock + self.hours(1, 30))
            if attempt < case.rejections:
                reason = self.rng.choice(flow.REJECT_REASONS)
                case.problem = services.reject_rectification(self.reviewer(case), case.problem, reason=reason)
            else:
                note = self.rng.choice(flow.APPROVE_NOTES)
                case.problem = services.approve_rectification(self.reviewer(case), case.problem, note=note)

    def _reaction(self, case: Case) -> datetime.timedelta:
        window = max(case.problem.deadline - self.clock, HOUR)
        return min(window, 2 * DAY) * self.rng.uniform(0.05, 0.3)

    def dispute(self, case: Case) -> Life:
        target = self._dispute_target(case)
        yield self.unit_time(self.clock + self.hours(1, 20))
        reason = self.rng.choice(flow.DISPUTE_REASONS).format(unit=target.name)
        request = services.dispute_problem(self.handler(case), case.problem, reason=reason, suggested_unit=target)
        yield self.office_time(self.clock + self.hours(2, 30))
        if case.dispute == "reassign":
            note = flow.DISPUTE_REASSIGNED.format(unit=target.name)
            case.problem = services.decide_dispute(case.desk, request, reassign_to=target, note=note)
            if case.accept:
                yield self.unit_time(self.clock + self._reaction(case))
                case.problem = services.accept_problem(self.handler(case), case.problem)
        else:
            note = self.rng.choice(flow.DISPUTE_UPHELD)
            case.problem = services.decide_dispute(case.desk, request, note=note)

    def _dispute_target(self, case: Case) -> Unit:
        current = case.problem.responsible_unit_id
        if case.street is not None and case.street.unit.pk != current:
            return case.street.unit
        key = DEFAULT_UNITS[case.category] or "CG"
        unit = self.departments[key]
        return unit if unit.pk != current else self.departments["ZJ" if key != "ZJ" else "CG"]

    def extension(self, case: Case) -> Life:
        problem = case.problem
        window = problem.deadline - problem.assigned_at
        asked = max(problem.assigned_at + window * self.rng.uniform(0.4, 0.85), self.clock + HOUR)
        if asked >= problem.deadline - HOUR:
            return
        yield self.unit_time(asked)
        local = timezone.localtime(problem.deadline) + datetime.timedelta(days=self.rng.randint(5, 15))
        wanted = local.replace(hour=18, minute=0, second=0, microsecond=0)
        reason = self.rng.choice(flow.EXTENSION_REASONS)
        request = services.request_extension(self.handler(case), problem, deadline=wanted, reason=reason)
        yield self.office_time(self.clock + self.hours(2, 30))
        if case.extension == "approve" and wanted > self.clock:
            note = self.rng.choice(flow.EXTENSION_APPROVALS)
            case.problem = services.decide_extension(case.desk, request, approve=True, note=note)
        else:
            note = self.rng.choice(flow.EXTENSION_DENIALS)
            services.decide_extension(case.desk, request, approve=False, note=note)

    def submit_time(self, case: Case, *, first: bool) -> datetime.datetime:
        problem, clock = case.problem, self.clock
        deadline = problem.deadline
        if not first:
            target = clock + self.hours(6, 60)
            if case.timing == "on_time" and target >= deadline and clock < deadline - 2 * HOUR:
                target = clock + (deadline - clock) * self.rng.uniform(0.3, 0.9)
        elif case.timing == "on_time":
            start = max(problem.assigned_at, clock)
            target = start + (deadline - start) * self.rng.uniform(0.2, 0.9)
        elif case.timing == "late":
            target = deadline + self.hours(8, 200)
        else:  # stuck: nothing happens for weeks
            target = deadline + self.hours(20 * 24, 60 * 24)
        moment = self.unit_time(max(target, clock + 30 * MINUTE))
        if case.timing == "on_time" and moment >= deadline and clock < deadline - HOUR:
            moment = deadline - (deadline - clock) * self.rng.uniform(0.05, 0.3)  # worked late to make it
        return moment

    def submit(self, case: Case) -> None:
        problem = case.problem
        count = self.rng.choice((1, 1, 2))
        photos = self.photos.after_photos(case.category, count, problem.lat, problem.lng, self.clock - 5 * MINUTE)
        note = self.rng.choice(flow.RECTIFICATION_NOTES[case.category]).format(n=self.rng.randint(2, 8))
        services.submit_rectification(self.handler(case), problem, note=note, photos=photos)

    # --- the showcases: fixed steps at fixed times before now --------------------------------

    def scripted(self, case: Case) -> Life:
        for hours_before, step in case.script:
            yield self.now - datetime.timedelta(hours=hours_before)
            self.step(case, step)

    def step(self, case: Case, step: str) -> None:
        problem = case.problem
        if step == "create":
            self.create(case)
        elif step == "assign":
            self.assign(case)
        elif step == "accept":
            case.problem = services.accept_problem(self.handler(case), problem)
        elif step == "submit":
            self.submit(case)
        elif step == "reject":
            reason = self.rng.choice(flow.REJECT_REASONS)
            case.problem = services.reject_rectification(case.desk, problem, reason=reason)
        elif step == "extension":
            wanted = problem.deadline + datetime.timedelta(days=10)
            reason = self.rng.choice(flow.EXTENSION_REASONS)
            services.request_extension(self.handler(case), problem, deadline=wanted, reason=reason)
        elif step == "dispute":
            target = self._dispute_target(case)
            reason = self.rng.choice(flow.DISPUTE_REASONS).format(unit=target.name)
            services.dispute_problem(self.handler(case), problem, reason=reason, suggested_unit=target)


def build_history(
    rng: random.Random,
    city: CityUnits,
    sites,
    standards,
    categories: dict[str, ProblemCategory],
    photos: PhotoLibrary,
    total: int,
    now: datetime.datetime,
    days: int = HISTORY_DAYS,
    rounds: RoundSetup | None = None,
) -> HistoryResult:
    """Plan and play `total` problems over the `days` days up to `now`, with the inspection rounds
    (whose findings take the place of part of the inspections' share)."""
    actors = Actors.load()
    planner = Planner(rng, city, sites, standards, actors, now, days)
    player = rounds.player(planner, total, now, days) if rounds is not None else None
    cases = planner.plan(total, from_rounds=player.expected if player is not None else 0)
    inspector = next(u for u in actors.inspectors if u.username == "inspector")
    cases += planner.showcases(city.departments["CG"], inspector)
    history = History(rng, actors, photos, categories, city.departments, now)
    return history.run(cases, player)
