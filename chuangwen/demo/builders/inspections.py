"""The demo city's inspection rounds, played through the inspection services inside the history loop
(history.py), so that every round, visit, answer and photo carries its simulated moment and its audit
event, and every finding becomes a problem that then lives its life like the others.

A round is one life: the office plans it (create, rules, draw, teams, share, schedule), each team's
route is a life of its own (visit by visit: start, position, every item answered, photos of what
failed, submit), and the office closes and publishes it. An open round's findings become problems
when a visit is submitted, a covert one's when it is published; each such problem is then handed to
History.settle (accept, rectify, review...), with a fate drawn as for the other problems.
"""

from __future__ import annotations

import datetime
import math
import random
from dataclasses import dataclass
from decimal import Decimal

import time_machine
from django.core.files.base import ContentFile
from django.db.models import Count

from chuangwen.demo.builders import round_plan
from chuangwen.demo.builders.history_plan import Case, Planner, Spot
from chuangwen.demo.builders.photos import BEFORE_OF
from chuangwen.demo.builders.round_plan import RoundSpec, at
from chuangwen.demo.data import findings as texts
from chuangwen.demo.data import rounds as data
from chuangwen.demo.data.units import ASSESSOR_CODE
from chuangwen.indicators.models import ChecklistItem, Edition, RuleKind
from chuangwen.inspections import services
from chuangwen.inspections.models import CheckResult, Round, RoundSite, SamplingMode, Verdict, Visit
from chuangwen.inspections.services import Answer
from chuangwen.problems.models import Source, Status
from chuangwen.sites.models import SiteType
from chuangwen.units.models import Unit, User

MINUTE = datetime.timedelta(minutes=1)
METRES_PER_DEGREE = 111_320
FAR_SHARE = 0.04


def _minutes(rng: random.Random, low: float, high: float) -> datetime.timedelta:
    return datetime.timedelta(minutes=rng.uniform(low, high))


def nearby(rng: random.Random, lat: Decimal, lng: Decimal, far: bool) -> tuple[str, str, int]:
    """A phone's position at a site (or, now and then, well away from it) and its accuracy."""
    metres = rng.uniform(400, 1500) if far else min(abs(rng.gauss(0, 45)), 180)
    angle = rng.uniform(0, 2 * math.pi)
    dlat = metres * math.cos(angle) / METRES_PER_DEGREE
    dlng = metres * math.sin(angle) / (METRES_PER_DEGREE * math.cos(math.radians(float(lat))))
    accuracy = rng.randint(20, 120) if far else rng.randint(5, 30)
    return f"{float(lat) + dlat:.6f}", f"{float(lng) + dlng:.6f}", accuracy


class RoundPlayer:
    """Plays the planned rounds; History.run asks it for its lives and then runs them."""

    def __init__(
        self,
        rng: random.Random,
        planner: Planner,
        edition: Edition,
        shots: dict[str, bytes],
        stored: list[str],
        specs: list[RoundSpec],
    ):
        self.rng, self.planner, self.edition, self.shots, self.stored = rng, planner, edition, shots, stored
        self.specs = specs
        self.users = {u.username: u for u in User.objects.filter(is_active=True)}
        self.office = self.users["office"]
        self.assessor = Unit.objects.get(code=ASSESSOR_CODE)
        self.site_types = {t.code: t for t in SiteType.objects.all()}
        self.spots: dict[int, Spot] = {spot.site.pk: spot for spot in planner.spots}
        self.district_bias = {d.unit.pk: rng.uniform(0.75, 1.25) for d in planner.city.districts}
        self.findings = self._findings_by_standard()
        self.history = None
        self.expected = 0  # problems the rounds should register, about

    def _findings_by_standard(self) -> dict[tuple[str, int], list[texts.Finding]]:
        """The finding texts of each site type, by the standard they describe."""
        found: dict[tuple[str, int], list[texts.Finding]] = {}
        for code, findings in texts.FINDINGS.items():
            for standard in self.planner.standards.get(code, []):
                for finding in findings:
                    if finding.keyword and finding.keyword in standard.text:
                        found.setdefault((code, standard.pk), []).append(finding)
        return found

    # --- the lives ------------------------------------------------------------------------

    def lives(self, history):
        self.history = history
        return [(self.round_life(spec), spec.name[:20]) for spec in self.specs]

    def round_life(self, spec: RoundSpec):
        yield spec.plan_at
        round_ = self.plan(spec)
        yield self.history.clock + _minutes(self.rng, 3, 8)
        services.draw_sample(self.office, round_, seed=spec.seed)
        yield self.history.clock + _minutes(self.rng, 5, 15)
        for i, members in enumerate(spec.teams):
            services.save_team(self.office, round_, name=data.TEAM_NAMES[i], members=[self.users[u] for u in members])
        services.assign_teams(self.office, round_)
        yield self.history.clock + _minutes(self.rng, 5, 20)
        services.schedule_round(self.office, round_)
        teams = list(round_.teams.order_by("sort_order"))
        routes = [self.team_life(spec, round_, team, first=i == 0) for i, team in enumerate(teams)]
        running = [True] * len(routes)
        for i, route in enumerate(routes):
            self.history.start(self._tracked(route, running, i), f"{spec.name[:12]} {teams[i].name}")
        if spec.close_at is None:
            return
        yield spec.close_at
        while any(running):  # a team still on the road: close the next morning
            yield self.history.office_time(self.history.clock + datetime.timedelta(hours=16))
        services.close_round(self.office, round_)
        yield (
            spec.publish_at if spec.publish_at > self.history.clock else self.history.clock + _minutes(self.rng, 30, 90)
        )
        services.publish_round(self.office, round_)
        if round_.is_covert:
            for result in CheckResult.objects.filter(round=round_, problem__isnull=False).order_by("problem_id"):
                self.settle(result)

    def _tracked(self, route, running: list[bool], index: int):
        yield from route
        running[index] = False

    def plan(self, spec: RoundSpec) -> Round:
        round_ = services.create_round(
            self.office,
            name=spec.name,
            kind=spec.kind,
            edition=self.edition,
            period_start=spec.period_start,
            period_end=spec.period_end,
            assessor_unit=self.assessor if spec.assessor else None,
            exclude_visited_days=spec.exclude_days,
            notes=spec.notes,
        )
        rules = [(self.site_types[c], SamplingMode.COUNT, spec.per_district) for c in spec.site_types]
        services.set_rules(self.office, round_, rules)
        return round_

    def team_life(self, spec: RoundSpec, round_: Round, team, *, first: bool):
        entries = list(RoundSite.objects.filter(team=team).in_sample().select_related("site", "round").order_by("seq"))
        members = [tm.user for tm in team.teammember_set.select_related("user").order_by("user__username")]
        if not entries or not spec.visit_days:
            return
        per_day = math.ceil(len(entries) / len(spec.visit_days))
        for d, day in enumerate(spec.visit_days):
            chunk = entries[d * per_day : (d + 1) * per_day]
            moment = at(day, 9 + self.rng.uniform(0, 0.5))
            for i, entry in enumerate(chunk):
                yield moment
                leave_open = first and day == spec.leave_open_on and i == len(chunk) - 1
                yield from self.visit(spec, members[i % len(members)], entry, leave_open=leave_open)
                if leave_open:
                    return
                moment = self.history.clock + _minutes(self.rng, 8, 30)

    def visit(self, spec: RoundSpec, inspector: User, entry: RoundSite, *, leave_open: bool = False):
        """One visit: the position, every item answered on the phone (synced in one batch), a photo of
        each failed item, submitted; the findings of an open round go to the units at once."""
        rng, history = self.rng, self.history
        visit = services.start_visit(inspector, entry)
        far = rng.random() < FAR_SHARE
        lat, lng, accuracy = nearby(rng, entry.site.lat, entry.site.lng, far)
        yield history.clock + _minutes(rng, 0.5, 1.5)
        visit = services.record_position(inspector, visit, lat=lat, lng=lng, accuracy=accuracy)
        items = list(services.checklist(visit))
        if leave_open:
            items = items[: max(1, len(items) // 2)]
        moment, answers, failed = history.clock, [], []
        for item in items:
            moment += _minutes(rng, 0.7, 2.5)
            answers.append(self.answer(spec, visit, item, moment))
            if answers[-1].verdict == Verdict.FAIL:
                failed.append(item)
        yield moment
        services.answer_many(inspector, visit, answers)
        for item in failed:
            self.photograph(inspector, visit, item)
        if leave_open:
            return
        yield history.clock + _minutes(rng, 1, 4)
        notes = rng.choice(data.FAR_NOTES) if far else (rng.choice(data.VISIT_NOTES) if rng.random() < 0.15 else "")
        services.submit_visit(inspector, visit, notes=notes)
        if not visit.round.is_covert:
            for result in CheckResult.objects.filter(visit=visit, problem__isnull=False).order_by("problem_id"):
                self.settle(result)

    def answer(self, spec: RoundSpec, visit: Visit, item: ChecklistItem, moment: datetime.datetime) -> Answer:
        """What the inspector finds: mostly a pass, sometimes not applicable, now and then a failure
        (more often early in the campaign and in some districts), with a count and a note."""
        rng = self.rng
        spot = self.spots.get(visit.site_id)
        chance = spec.fail_rate * (self.district_bias.get(spot.district.unit.pk, 1.0) if spot else 1.0)
        if item.rule_kind == RuleKind.VETO:
            chance *= round_plan.VETO_FACTOR
        roll = rng.random()
        if roll < round_plan.NOT_APPLICABLE:
            return Answer(item.pk, Verdict.NOT_APPLICABLE, client_at=moment)
        if roll >= round_plan.NOT_APPLICABLE + chance:
            return Answer(item.pk, Verdict.PASS, client_at=moment)
        count = rng.choices((1, 2, 3, 4), weights=(60, 25, 10, 5))[0] if item.rule_kind == RuleKind.DEDUCTION else None
        note = self.note(self.finding(visit, item), visit, count)
        return Answer(item.pk, Verdict.FAIL, count=count, note=note, client_at=moment)

    def photograph(self, inspector: User, visit: Visit, item: ChecklistItem) -> None:
        finding = self.finding(visit, item)
        scene = BEFORE_OF.get(finding.category if finding else "other", "litter")
        photo = services.add_photo(
            inspector, visit, item.pk, ContentFile(self.shots[scene], name=f"{scene}.jpg"),
            client_id=f"demo-{visit.pk}-{item.pk}", lat=visit.lat, lng=visit.lng,
        )  # fmt: skip
        self.stored += [photo.original, photo.image, photo.thumbnail]

    def finding(self, visit: Visit, item: ChecklistItem) -> texts.Finding | None:
        spot = self.spots.get(visit.site_id)
        code = spot.site.site_type.code if spot else ""
        choices = self.findings.get((code, item.standard_id))
        return self.rng.choice(choices) if choices else None

    def note(self, finding: texts.Finding | None, visit: Visit, count: int | None) -> str:
        if finding is None:
            return self.rng.choice(data.GENERIC_NOTES) if self.rng.random() < 0.6 else ""
        text = self.rng.choice(finding.texts)
        n = count if count else self.rng.randint(2, 6)
        return text.format(site=visit.site.name, side=self.rng.choice(texts.SIDES), n=n)[:500]

    # --- the findings' lives ----------------------------------------------------------------

    def settle(self, result: CheckResult) -> None:
        """Hand a finding's problem to the history: the unit works on it like on any other."""
        problem = result.problem
        spot = self.spots.get(result.site_id)
        if spot is None or problem.status != Status.ASSIGNED:
            return  # left for the office to route by hand (待分派)
        code = spot.site.site_type.code
        findings = self.findings.get((code, result.standard_id)) or []
        category = findings[0].category if findings else "other"
        case = Case(
            Source.INSPECTION, problem.created_by, problem.created_at, problem.description, category,
            problem.severity, spot.district, spot.street, spot=spot, standard=result.standard,
        )  # fmt: skip
        case.problem = problem
        self.planner.fate(case)
        case.end, case.reopen_after_end, case.unit, case.local_desk = "", False, None, None
        self.history.created.append(case)
        self.history.start(self._later(case), f"{problem.code} {problem.description[:12]}")

    def _later(self, case: Case):
        yield self.history.clock + MINUTE
        yield from self.history.settle(case)


@dataclass
class RoundSetup:
    """What the rounds need besides the history's planner: made by build_problems."""

    seed: int
    edition: Edition
    shots: dict[str, bytes]
    stored: list[str]

    def player(self, planner: Planner, total: int, now: datetime.datetime, days: int) -> RoundPlayer:
        rng = random.Random(f"rounds-{self.seed}")
        districts = len(planner.city.districts)
        specs = round_plan.RoundPlanner(rng, now, days, total, districts, assessor_usernames()).plan()
        player = RoundPlayer(rng, planner, self.edition, self.shots, self.stored, specs)
        player.expected = round_plan.expected_findings(specs, population(planner), items_per_type(self.edition))
        return player


def population(planner: Planner) -> dict[tuple[str, int], int]:
    counts: dict[tuple[str, int], int] = {}
    for spot in planner.spots:
        key = (spot.site.site_type.code, spot.district.unit.pk)
        counts[key] = counts.get(key, 0) + 1
    return counts


def items_per_type(edition: Edition) -> dict[str, int]:
    rows = ChecklistItem.objects.filter(standard__edition=edition).values("site_type__code").annotate(n=Count("id"))
    return {row["site_type__code"]: row["n"] for row in rows}


def assessor_usernames() -> list[str]:
    return list(
        User.objects.filter(unit__code=ASSESSOR_CODE, is_active=True)
        .order_by("username")
        .values_list("username", flat=True)
    )


def build_current_round(edition: Edition, now: datetime.datetime, districts: int) -> Round:
    """本周明察: planned and scheduled the working day before, with 第一组 = `inspector` and a partner."""
    spec = round_plan.current_round_spec(now, districts)
    office = User.objects.get(username="office")
    users = {u.username: u for u in User.objects.filter(username__in=[u for team in spec.teams for u in team])}
    types = {t.code: t for t in SiteType.objects.filter(code__in=spec.site_types)}
    with time_machine.travel(spec.plan_at, tick=False) as traveller:
        round_ = services.create_round(
            office, name=spec.name, kind=spec.kind, edition=edition, period_start=spec.period_start,
            period_end=spec.period_end, notes=spec.notes,
        )  # fmt: skip
        services.set_rules(office, round_, [(types[c], SamplingMode.COUNT, spec.per_district) for c in spec.site_types])
        traveller.shift(datetime.timedelta(minutes=4))
        services.draw_sample(office, round_, seed=spec.seed)
        traveller.shift(datetime.timedelta(minutes=6))
        for i, members in enumerate(spec.teams):
            services.save_team(office, round_, name=data.TEAM_NAMES[i], members=[users[u] for u in members])
        services.assign_teams(office, round_)
        traveller.shift(datetime.timedelta(minutes=5))
        return services.schedule_round(office, round_)
