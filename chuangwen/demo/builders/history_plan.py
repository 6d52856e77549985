"""The plan of the demo city's problem history: who reports what, where and when, and how each
problem will go (the "fate" the simulation in history.py plays out through the real services).

Everything is drawn from one seeded random generator, in a fixed order, so the same seed and the same
"now" give the same plan.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from chuangwen.demo.builders.units import CityUnits, Community, District, Street
from chuangwen.demo.data import findings as texts
from chuangwen.demo.data import workflow_texts as flow
from chuangwen.demo.data.findings import Finding
from chuangwen.demo.data.problems import CATEGORIES, holiday_rows
from chuangwen.demo.geo import clamp
from chuangwen.demo.logins import FIRST_DISTRICT
from chuangwen.demo.namegen import NameGen
from chuangwen.indicators.models import Standard
from chuangwen.problems.deadlines import is_working_day
from chuangwen.problems.models import Severity, Source
from chuangwen.sites.models import Site
from chuangwen.units.models import Role, Unit, User

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)

# Share of the problems per source (domain.md §6: inspections first, then the citizens' channels).
SOURCE_SHARES = (
    (Source.CITIZEN, 0.20),
    (Source.GRID, 0.15),
    (Source.HOTLINE, 0.08),
    (Source.PETITION, 0.02),
    (Source.ENVIRONMENT, 0.02),
    (Source.LEADER, 0.015),
    (Source.MEDIA, 0.015),
)  # the rest: Source.INSPECTION
# At least this share of the inspection problems are found outside the rounds (日常巡查).
EVERYDAY_SHARE = 0.2
# Which sources come in on which days: (working day, Saturday, Sunday or holiday) weights.
DAY_WEIGHTS = {
    Source.INSPECTION: (1.0, 0.3, 0.08),
    Source.CITIZEN: (1.0, 1.2, 1.1),
    Source.GRID: (1.0, 0.5, 0.3),
    Source.HOTLINE: (1.0, 0.6, 0.5),
}
OFFICE_DAYS = (1.0, 0.0, 0.0)
# Hours of the day a report comes in, per source.
HOURS = {Source.CITIZEN: (7.0, 22.0), Source.GRID: (8.0, 18.0), Source.HOTLINE: (8.0, 20.0)}
OFFICE_HOURS = (8.6, 17.5)
CITIZEN_SITE_TYPES = {
    "road": 4, "alley": 4, "commercial_street": 2, "market": 3, "residential": 4, "park": 2, "square": 1,
    "toilet": 2, "construction": 2, "bus_stop": 1, "school_area": 1, "urban_rural": 1, "intersection": 1,
}  # fmt: skip
# Per 200 problems: fixed on time, late (days after the deadline), stuck (weeks, so still open and overdue).
TIMING_DECK = (("on_time", 167), ("late", 28), ("stuck", 5))
SEVERITY_ORDER = [Severity.MINOR, Severity.MAJOR, Severity.SERIOUS, Severity.URGENT]
# A duplicate repeats a problem from these sources, in the words of its own channel.
REPEATABLE = (Source.INSPECTION, Source.CITIZEN, Source.GRID, Source.HOTLINE, Source.PETITION)
PREFIXES = {Source.HOTLINE: texts.HOTLINE_PREFIX, Source.PETITION: texts.PETITION_PREFIX}
INVALID = {Source.CITIZEN: 0.06, Source.HOTLINE: 0.05, Source.PETITION: 0.05, Source.GRID: 0.02}
DUPLICATE = {Source.CITIZEN: 0.06, Source.HOTLINE: 0.05, Source.GRID: 0.03, Source.INSPECTION: 0.01}


@dataclass
class Spot:
    """A site and where it lies in the unit tree."""

    site: Site
    district: District
    street: Street
    community: Community | None


@dataclass
class Case:
    """One problem of the history: what is reported, and how it will go."""

    source: str
    creator: User
    created_at: datetime.datetime
    description: str
    category: str
    severity: str
    district: District | None
    street: Street | None
    spot: Spot | None = None
    standard: Standard | None = None
    address: str = ""
    lat: Decimal | None = None
    lng: Decimal | None = None
    external_ref: str = ""
    reporter_name: str = ""
    reporter_phone: str = ""
    photos: int = 1
    # how it goes
    desk: User | None = None  # the office member who triages, assigns and reviews
    local_desk: User | None = None  # a district officer who assigns it to the street (属地管理) and reviews
    unit: Unit | None = None  # a unit other than the routing proposal, with unit_reason
    unit_reason: str = ""
    end: str = ""  # "invalid" or "duplicate": closed without a fix
    original: Case | None = None  # what a duplicate repeats
    reopen_after_end: bool = False
    accept: bool = True
    dispute: str = ""  # "reassign" or "uphold"
    extension: str = ""  # "approve" or "deny"
    timing: str = "on_time"  # "on_time", "late" or "stuck"
    rejections: int = 0
    rebound: bool = False
    script: list[tuple[float, str]] = field(default_factory=list)  # (hours before now, step) for showcases
    problem: object = None


@dataclass
class Actors:
    """The people of the demo city who take part in the history, by role."""

    desks: list[User]
    desk_weights: list[float]
    inspectors: list[User]
    inspector_weights: list[float]
    leaders: list[User]
    district_officers: dict[int, list[User]]  # district unit id -> officers
    grid_workers: list[User]
    grid_weights: list[float]
    handlers: dict[int, User]  # unit id -> the one who acts for the unit

    @classmethod
    def load(cls) -> Actors:
        users = list(User.objects.select_related("unit").filter(is_active=True).order_by("username"))
        by_role: dict[str, list[User]] = {}
        for user in users:
            by_role.setdefault(user.role, []).append(user)
        desks = by_role.get(Role.OFFICE_STAFF, []) + by_role.get(Role.OFFICE_ADMIN, [])
        officers: dict[int, list[User]] = {}
        for user in by_role.get(Role.DISTRICT_OFFICE, []):
            officers.setdefault(user.unit_id, []).append(user)
        handlers: dict[int, User] = {}
        for role in (Role.UNIT_HEAD, Role.UNIT_HANDLER):  # a handler wins over the head
            for user in by_role.get(role, []):
                handlers[user.unit_id] = user
        grid = by_role.get(Role.GRID_WORKER, [])
        return cls(
            desks=desks,
            desk_weights=[6 if u.username == "office" else 0.5 if u.role == Role.OFFICE_ADMIN else 1 for u in desks],
            inspectors=by_role.get(Role.INSPECTOR, []),
            inspector_weights=[6 if u.username == "inspector" else 1 for u in by_role.get(Role.INSPECTOR, [])],
            leaders=by_role.get(Role.LEADER, []),
            district_officers=officers,
            grid_workers=grid,
            grid_weights=[25 if u.username == "grid" else 1 for u in grid],
            handlers=handlers,
        )


class Calendar:
    """Working days of the demo city (weekends and the 2026 holiday calendar)."""

    def __init__(self):
        self.days = {day: workday for day, _name, workday in holiday_rows()}

    def working(self, day: datetime.date) -> bool:
        return is_working_day(day, self.days)

    def kind(self, day: datetime.date) -> int:
        """0 working day, 1 Saturday, 2 Sunday or holiday."""
        if self.working(day):
            return 0
        return 1 if day.weekday() == 5 and day not in self.days else 2


class Planner:
    def __init__(
        self,
        rng: random.Random,
        city: CityUnits,
        sites: list[Site],
        standards: dict[str, list[Standard]],
        actors: Actors,
        now: datetime.datetime,
        days: int,
    ):
        self.rng, self.city, self.standards, self.actors = rng, city, standards, actors
        self.names = NameGen(rng)
        self.now, self.days = now, days
        self.calendar = Calendar()
        self.spots = self._spots(sites)
        self.by_type: dict[str, list[Spot]] = {}
        for spot in self.spots:
            self.by_type.setdefault(spot.site.site_type.code, []).append(spot)
        self.by_community: dict[int, list[Spot]] = {}
        for spot in self.spots:
            if spot.community is not None:
                self.by_community.setdefault(spot.community.unit.pk, []).append(spot)
        self.places = {c.unit.pk: (d, s, c) for d in city.districts for s in d.streets for c in s.communities}
        self.default_units = {c.code: c.default_unit for c in CATEGORIES}
        self.serial: dict[str, int] = {}
        self.timings: list[str] = []

    def draw_timing(self) -> str:
        """How fast the unit fixes it, dealt from a shuffled deck so that every stretch of the history
        has the same mix (the share of overdue problems then varies little with "now")."""
        if not self.timings:
            self.timings = [timing for timing, n in TIMING_DECK for _ in range(n)]
            self.rng.shuffle(self.timings)
        return self.timings.pop()

    def _spots(self, sites: list[Site]) -> list[Spot]:
        where: dict[int, tuple[District, Street, Community | None]] = {}
        for district in self.city.districts:
            for street in district.streets:
                where[street.unit.pk] = (district, street, None)
                for community in street.communities:
                    where[community.unit.pk] = (district, street, community)
        return [Spot(site, *where[site.territorial_unit_id]) for site in sites if site.territorial_unit_id in where]

    # --- when -------------------------------------------------------------------------------

    def _day_list(self) -> list[datetime.date]:
        today = timezone.localtime(self.now).date()
        return [today - datetime.timedelta(days=self.days - 1 - i) for i in range(self.days)]

    def moment(self, day: datetime.date, hours: tuple[float, float]) -> datetime.datetime | None:
        """A moment on that day between the hours (local time), before now; None if there is none."""
        tz = timezone.get_current_timezone()
        start = datetime.datetime.combine(day, datetime.time(), tzinfo=tz) + datetime.timedelta(hours=hours[0])
        end = min(start + datetime.timedelta(hours=hours[1] - hours[0]), self.now - datetime.timedelta(minutes=20))
        if end <= start:
            return None
        seconds = self.rng.uniform(0, (end - start).total_seconds())
        return (start + datetime.timedelta(seconds=seconds)).replace(microsecond=0)

    def spread(self, count: int, source: str) -> list[datetime.datetime]:
        """count moments over the history's days, weighted by day kind and a slow build-up of the campaign."""
        days = self._day_list()
        kinds = DAY_WEIGHTS.get(source, OFFICE_DAYS)
        weights = [kinds[self.calendar.kind(d)] * (0.75 + 0.5 * i / len(days)) for i, d in enumerate(days)]
        hours = HOURS.get(source, OFFICE_HOURS)
        moments = []
        for day in sorted(self.rng.choices(days, weights=weights, k=count)):
            when = self.moment(day, hours) or self.moment(day - DAY, hours)
            if when is not None:
                moments.append(when)
        return moments

    # --- what and where ---------------------------------------------------------------------

    def fill(self, text: str, site_name: str = "", addr: str = "") -> str:
        return text.format(site=site_name, addr=addr, side=self.rng.choice(texts.SIDES), n=self.rng.randint(2, 6))

    def severity(self, base: str) -> str:
        i = SEVERITY_ORDER.index(base)
        roll = self.rng.random()
        if roll < 0.12 and i < 3:
            i += 1
        elif roll > 0.9 and i > 0:
            i -= 1
        return SEVERITY_ORDER[i]

    def standard_for(self, spot: Spot, finding: Finding) -> Standard | None:
        candidates = self.standards.get(spot.site.site_type.code, [])
        if finding.keyword:
            for standard in candidates:
                if finding.keyword in standard.text:
                    return standard
        return None

    def site_finding(self, spot: Spot) -> Finding:
        return self.rng.choice(texts.FINDINGS[spot.site.site_type.code])

    def random_spot(self, types: dict[str, float] | None = None) -> Spot:
        """Any site (inspections: every site alike), or one of a type drawn by weight."""
        if types is None:
            return self.rng.choice(self.spots)
        codes = [c for c in types if c in self.by_type]
        code = self.rng.choices(codes, weights=[types[c] for c in codes])[0]
        return self.rng.choice(self.by_type[code])

    def street_address(self, district: District, street: Street) -> tuple[str, str, Decimal, Decimal]:
        """(short address for the text, full address, lat, lng) somewhere in the street."""
        road = self.rng.choice(district.roads)
        short = f"{road}{self.rng.randint(1, 399)}号"
        lat, lng = clamp(*street.disc.point(self.rng))
        return short, f"{district.unit.name}{street.unit.name}{short}", lat, lng

    def address_text(self, addr: str) -> tuple[str, str, str]:
        """(category, severity, text) of a report about a place without a site."""
        cats = list(texts.ADDRESS_CATEGORY_WEIGHTS)
        category = self.rng.choices(cats, weights=[texts.ADDRESS_CATEGORY_WEIGHTS[c] for c in cats])[0]
        severity, template = self.rng.choice(texts.ADDRESS_TEXTS[category])
        return category, self.severity(severity), self.fill(template, addr=addr)

    def ref(self, source: str, when: datetime.datetime, pattern: str) -> str:
        self.serial[source] = self.serial.get(source, 0) + 1
        return pattern.format(d=timezone.localtime(when), n=self.serial[source])

    def desk(self) -> User:
        return self.rng.choices(self.actors.desks, weights=self.actors.desk_weights)[0]

    def officer(self, district: District | None) -> User | None:
        officers = self.actors.district_officers.get(district.unit.pk, []) if district else []
        if not officers:
            return None
        demo = [u for u in officers if u.username == "district"]
        return demo[0] if demo and self.rng.random() < 0.6 else self.rng.choice(officers)

    # --- the cases --------------------------------------------------------------------------

    def plan(self, total: int, from_rounds: int = 0) -> list[Case]:
        """The cases of `total` problems; `from_rounds` of the inspections' share come from the
        inspection rounds instead (their findings), the rest are inspectors' everyday findings."""
        counts = {source: round(total * share) for source, share in SOURCE_SHARES}
        inspections = total - sum(counts.values())
        cases = self.inspections(max(round(inspections * EVERYDAY_SHARE), inspections - from_rounds))
        cases += [self.citizen(when) for when in self.spread(counts[Source.CITIZEN], Source.CITIZEN)]
        cases += [self.grid(when) for when in self.spread(counts[Source.GRID], Source.GRID)]
        for source in (Source.HOTLINE, Source.PETITION):
            cases += [self.hotline(when, source) for when in self.spread(counts[source], source)]
        cases += [self.environment(when) for when in self.spread(counts[Source.ENVIRONMENT], Source.ENVIRONMENT)]
        cases += [self.relayed(when, Source.LEADER) for when in self.spread(counts[Source.LEADER], Source.LEADER)]
        cases += [self.relayed(when, Source.MEDIA) for when in self.spread(counts[Source.MEDIA], Source.MEDIA)]
        cases.sort(key=lambda c: c.created_at)
        for case in cases:
            self.fate(case)
        for i, case in enumerate(cases):
            if case.end == "duplicate":
                self.repeat(case, cases[max(0, i - 300) : i])
        return cases

    def repeat(self, case: Case, earlier: list[Case]) -> None:
        """Make a duplicate report the same thing as an earlier problem of the last ten days in its reach."""
        if case.creator.role == Role.GRID_WORKER:
            reach = [c for c in earlier if c.street is case.street]
        elif case.creator.role == Role.DISTRICT_OFFICE:
            reach = [c for c in earlier if c.district is not None and c.district.unit.pk == case.creator.unit_id]
        else:
            reach = earlier
        since = case.created_at - 10 * DAY
        reach = [
            c for c in reach if not c.end and c.source in REPEATABLE and since <= c.created_at < case.created_at - HOUR
        ]
        if not reach:
            case.end = ""
            return
        original = self.rng.choice(reach[-40:])
        case.original = original
        case.description = PREFIXES.get(case.source, "") + original.description.removeprefix(
            PREFIXES.get(original.source, "")
        )
        for name in ("spot", "district", "street", "address", "lat", "lng", "category", "severity", "standard"):
            setattr(case, name, getattr(original, name))

    def inspections(self, count: int) -> list[Case]:
        """Inspectors visit sites on working days and log one to three findings per visit."""
        cases: list[Case] = []
        while len(cases) < count:
            for when in self.spread((count - len(cases)) // 2 + 1, Source.INSPECTION):
                inspector = self.rng.choices(self.actors.inspectors, weights=self.actors.inspector_weights)[0]
                spot = self.random_spot()
                findings = texts.FINDINGS[spot.site.site_type.code]
                picked = self.rng.sample(findings, min(len(findings), self.rng.choice((1, 1, 2, 2, 3))))
                for i, finding in enumerate(picked):
                    case = self.at_site(Source.INSPECTION, inspector, when + i * datetime.timedelta(minutes=4), spot)
                    case.description = self.fill(self.rng.choice(finding.texts), spot.site.name)
                    case.category, case.severity = finding.category, self.severity(finding.severity)
                    case.standard = self.standard_for(spot, finding)
                    case.photos = self.rng.choice((1, 1, 2, 3))
                    cases.append(case)
        keep = sorted(self.rng.sample(range(len(cases)), count))  # drop the surplus evenly over the months
        return [cases[i] for i in keep]

    def at_site(self, source: str, creator: User, when: datetime.datetime, spot: Spot) -> Case:
        return Case(source, creator, when, "", "other", Severity.MINOR, spot.district, spot.street, spot=spot)

    def site_case(self, source: str, creator: User, when, spot: Spot, *, with_standard: bool = True) -> Case:
        """A report of one of the things found at sites of this type (citizens name no standard)."""
        case = self.at_site(source, creator, when, spot)
        finding = self.site_finding(spot)
        case.description = self.fill(self.rng.choice(finding.texts), spot.site.name)
        case.category, case.severity = finding.category, self.severity(finding.severity)
        case.standard = self.standard_for(spot, finding) if with_standard else None
        return case

    def citizen(self, when: datetime.datetime) -> Case:
        """随手拍: a photo at a site, or at an address with a position; registered by the office or the district."""
        reporter, phone = self.names.contact()
        spot = self.random_spot(CITIZEN_SITE_TYPES)
        officer = self.officer(spot.district) if self.rng.random() < 0.5 else None
        creator = officer or self.desk()
        if self.rng.random() < 0.6:
            case = self.site_case(Source.CITIZEN, creator, when, spot, with_standard=False)
        else:
            case = self.address_case(Source.CITIZEN, creator, when, spot.district, spot.street, officer)
        case.reporter_name, case.reporter_phone = reporter, phone
        case.external_ref = self.ref("citizen", when, "SSP{d:%Y%m%d}{n:05d}")
        case.photos = 0 if self.rng.random() < 0.05 else self.rng.choice((1, 1, 2))
        return case

    def address_case(
        self, source: str, creator: User, when, district: District, street: Street, officer: User | None
    ) -> Case:
        short, full, lat, lng = self.street_address(district, street)
        category, severity, text = self.address_text(short)
        case = Case(source, creator, when, text, category, severity, district, street, address=full, lat=lat, lng=lng)
        if officer is None:  # registered by the city office: no territory, so no district, until assigned
            case.district = None
        return case

    def grid(self, when: datetime.datetime) -> Case:
        """A grid worker reports in the community of their grid: at one of its sites or at an address there."""
        worker = self.rng.choices(self.actors.grid_workers, weights=self.actors.grid_weights)[0]
        district, street, community = self.places[worker.unit.parent_id]
        spots = self.by_community.get(community.unit.pk, [])
        spots = [s for s in spots if s.site.site_type.code in texts.FINDINGS]
        if spots and self.rng.random() < 0.5:
            case = self.site_case(Source.GRID, worker, when, self.rng.choice(spots))
        else:
            building = f"{community.unit.name}{self.rng.randint(1, 30)}栋"
            category, severity, text = self.address_text(building)
            lat, lng = clamp(*community.disc.point(self.rng))
            address = f"{district.unit.name}{street.unit.name}{building}"
            case = Case(Source.GRID, worker, when, text, category, severity, district, street, address=address)
            case.lat, case.lng = lat, lng
        case.photos = self.rng.choice((0, 1, 1, 1, 2))
        return case

    def hotline(self, when: datetime.datetime, source: str) -> Case:
        """12345 hotline and petitions (信访): transferred in by the office, mostly an address."""
        reporter, phone = self.names.contact()
        spot = self.random_spot(CITIZEN_SITE_TYPES)
        officer = self.officer(spot.district) if self.rng.random() < 0.3 else None
        creator = officer or self.desk()
        prefix = texts.HOTLINE_PREFIX if source == Source.HOTLINE else texts.PETITION_PREFIX
        if source == Source.HOTLINE and self.rng.random() < 0.5:
            case = self.site_case(source, creator, when, spot, with_standard=False)
        else:
            case = self.address_case(source, creator, when, spot.district, spot.street, officer)
        case.description = prefix + case.description
        case.reporter_name, case.reporter_phone = reporter, phone
        if source == Source.HOTLINE:
            case.external_ref = self.ref(source, when, "12345-{d:%Y%m%d}-{n:05d}")
            case.photos = 1 if self.rng.random() < 0.2 else 0
        else:
            case.external_ref = self.ref(source, when, "XF{d:%Y}{n:05d}")
            case.photos = 0
        return case

    def environment(self, when: datetime.datetime) -> Case:
        spot = self.random_spot(dict.fromkeys(texts.ENVIRONMENT_SITE_TYPES, 1.0))
        case = self.at_site(Source.ENVIRONMENT, self.desk(), when, spot)
        findings = [f for f in texts.FINDINGS[spot.site.site_type.code] if f.category in ("ecology", "noise")]
        finding = self.rng.choice(findings or list(texts.FINDINGS[spot.site.site_type.code]))
        case.description = texts.ENVIRONMENT_PREFIX + self.fill(self.rng.choice(finding.texts), spot.site.name)
        case.category, case.severity = finding.category, self.severity(Severity.SERIOUS)
        case.standard = self.standard_for(spot, finding)
        case.external_ref = self.ref(Source.ENVIRONMENT, when, "HBDC-{d:%Y}-{n:03d}")
        case.photos = self.rng.choice((0, 1, 1))
        return case

    def relayed(self, when: datetime.datetime, source: str) -> Case:
        """Leaders' instructions (registered by a leader) and media reports (by the office)."""
        spot = self.random_spot(CITIZEN_SITE_TYPES)
        creator = self.rng.choice(self.actors.leaders) if source == Source.LEADER else self.desk()
        case = self.at_site(source, creator, when, spot)
        finding = self.site_finding(spot)
        text = self.fill(self.rng.choice(finding.texts), spot.site.name)
        local = timezone.localtime(when)
        if source == Source.LEADER:
            prefix = self.rng.choice(texts.LEADER_PREFIXES).format(when=f"{local.month}月{local.day}日")
            case.description = prefix + text + texts.LEADER_SUFFIX
            case.severity = self.rng.choice((Severity.SERIOUS, Severity.SERIOUS, Severity.URGENT))
            case.external_ref = self.ref(source, when, "PS{d:%Y}-{n:03d}")
            case.photos = self.rng.choice((0, 1))
        else:
            case.description = texts.MEDIA_PREFIX.format(outlet=self.rng.choice(texts.MEDIA_OUTLETS)) + text
            case.severity = self.severity(Severity.SERIOUS)
            case.external_ref = self.ref(source, when, "MT{d:%Y%m%d}{n:02d}")
        case.category, case.standard = finding.category, self.standard_for(spot, finding)
        return case

    # --- how it goes ------------------------------------------------------------------------

    def fate(self, case: Case) -> None:
        rng = self.rng
        case.desk = self.desk()
        roll = rng.random()
        if roll < INVALID.get(case.source, 0.0):
            case.end = "invalid"
        elif roll < INVALID.get(case.source, 0.0) + DUPLICATE.get(case.source, 0.0):
            case.end = "duplicate"
        case.reopen_after_end = case.end == "invalid" and rng.random() < 0.12
        if case.spot is None and case.source != Source.GRID and not self.default_units[case.category]:
            case.unit, case.unit_reason = case.street.unit, flow.OVERRIDE_REASONS[0]  # routing has no proposal
        elif case.district and case.source in (Source.CITIZEN, Source.GRID, Source.HOTLINE) and rng.random() < 0.3:
            case.local_desk = self.officer(case.district)  # the district office hands it to the street
            if case.local_desk is not None:
                case.unit, case.unit_reason = case.street.unit, flow.OVERRIDE_REASONS[0]
        case.accept = rng.random() < 0.9
        if rng.random() < 0.035:
            case.dispute = "reassign" if rng.random() < 0.6 else "uphold"
        if rng.random() < 0.08:
            case.extension = "approve" if rng.random() < 0.8 else "deny"
        case.timing = self.draw_timing()
        roll = rng.random()
        case.rejections = 2 if roll < 0.04 else 1 if roll < 0.16 else 0
        case.rebound = rng.random() < 0.03

    # --- showcases for the demo logins --------------------------------------------------------

    def showcases(self, department: Unit, inspector: User) -> list[Case]:
        """Problems of 市城管局 (the `handler` login) in every state its inbox and the office's queues show,
        at road sites of the first district, timed relative to now."""
        roads = self.by_type["road"]
        roads = [s for s in roads if s.district.spec.code == FIRST_DISTRICT] or roads
        findings = [f for f in texts.FINDINGS["road"] if f.category in ("sanitation", "street_vending", "appearance")]
        scripts = (  # (severity, [(hours before now, step), ...])
            (Severity.MAJOR, [(3, "create"), (1, "assign")]),
            (Severity.MAJOR, [(152, "create"), (150, "assign"), (141, "accept")]),
            (Severity.SERIOUS, [(242, "create"), (240, "assign"), (231, "accept")]),
            (Severity.SERIOUS, [(122, "create"), (120, "assign")]),
            (Severity.MAJOR, [(100, "create"), (96, "assign"), (90, "accept"), (48, "submit"), (24, "reject")]),
            (
                Severity.MAJOR,
                [(290, "create"), (288, "assign"), (280, "accept"), (200, "submit"), (190, "reject")]
                + [(150, "submit"), (130, "reject")],
            ),
            (Severity.MAJOR, [(80, "create"), (72, "assign"), (60, "accept"), (2, "submit")]),
            (Severity.MAJOR, [(130, "create"), (120, "assign"), (110, "accept"), (4, "extension")]),
            (Severity.MAJOR, [(50, "create"), (48, "assign"), (40, "accept"), (3, "dispute")]),
            (Severity.SERIOUS, [(362, "create"), (360, "assign"), (350, "accept")]),
            (Severity.MAJOR, [(2, "create")]),
        )
        cases = []
        for severity, script in scripts:
            spot = self.rng.choice(roads)
            finding = self.rng.choice(findings)
            when = self.now - datetime.timedelta(hours=script[0][0])
            case = self.at_site(Source.INSPECTION, inspector, when, spot)
            case.description = self.fill(self.rng.choice(finding.texts), spot.site.name)
            case.category, case.severity = finding.category, severity
            case.standard = self.standard_for(spot, finding)
            case.desk = next(u for u in self.actors.desks if u.username == "office")
            case.unit, case.script = department, script
            cases.append(case)
        return cases
