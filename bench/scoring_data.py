"""Building the scoring benchmark's city and a year of check results, fast (bulk inserts).

The rows are benchmark data, not a demo: they skip the services and the audit trail on purpose,
so that building 0.8 M or 2 M check results takes seconds, not hours. Deterministic (seeded).
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from chuangwen.indicators.models import ChecklistItem, Edition, IndexNode, NodeLevel, RuleKind, Standard
from chuangwen.inspections.models import Kind, Round, RoundSite, RoundStatus, Visit, VisitStatus
from chuangwen.lib.ids import random_id
from chuangwen.sites.models import Site, SiteResponsibility, SiteType
from chuangwen.units.models import Role, Unit, UnitKind, User

DISTRICTS, STREETS_PER_DISTRICT, COMMUNITIES_PER_STREET = 20, 10, 10
DEPARTMENTS = 150
SITE_TYPES = 30
STANDARDS = 120
TYPES_PER_STANDARD = 8
RESULT_COLUMNS = (  # the id too: check results take a random id (chuangwen/lib/ids.py), not the database's
    "id", "visit_id", "round_id", "site_id", "standard_id", "item_id", "verdict", "count", "note", "rule_kind",
    "deduction_per", "answered_by_id", "answered_at",
)  # fmt: skip


def _units(rng: random.Random) -> tuple[list[Unit], list[Unit], list[Unit]]:
    city = Unit.objects.create(code="BENCH", name="基准市", kind=UnitKind.CITY)
    city.path = f"/{city.pk}/"
    city.save(update_fields=["path"])

    def children(parents, kind, per, prefix):
        made = Unit.objects.bulk_create(
            [Unit(code=f"{p.code}-{prefix}{i}", name=f"{p.name}{prefix}{i}", kind=kind, parent=p, depth=p.depth + 1)
             for p in parents for i in range(per)]
        )  # fmt: skip
        for unit in made:
            unit.path = f"{unit.parent.path}{unit.pk}/"
        Unit.objects.bulk_update(made, ["path"], batch_size=1000)
        return made

    districts = children([city], UnitKind.DISTRICT, DISTRICTS, "D")
    streets = children(districts, UnitKind.STREET, STREETS_PER_DISTRICT, "S")
    communities = children(streets, UnitKind.COMMUNITY, COMMUNITIES_PER_STREET, "C")
    departments = children([city], UnitKind.DEPARTMENT, DEPARTMENTS, "B")
    return communities, departments, districts


def _index(rng: random.Random, types: list[SiteType], departments: list[Unit]) -> dict[int, list[ChecklistItem]]:
    edition = Edition.objects.create(code="BENCH", name="基准测评体系", year=2026, is_active=True)
    category = IndexNode.objects.create(edition=edition, level=NodeLevel.CATEGORY, code="B1", title="基准")
    indicator = IndexNode.objects.create(
        edition=edition, level=NodeLevel.INDICATOR, parent=category, code="B1.1", title="基准"
    )
    content = IndexNode.objects.create(
        edition=edition, level=NodeLevel.CONTENT, parent=indicator, code="B1.1.1", title="基准"
    )
    standards = Standard.objects.bulk_create(
        [
            Standard(edition=edition, content=content, code=f"B{i:03d}", text=f"基准标准{i}", points=Decimal(rng.choice([1, 2, 3, 4])),
                     methods=["field"], lead_unit=rng.choice(departments) if rng.random() < 0.8 else None, sort_order=i)
            for i in range(STANDARDS)
        ]
    )  # fmt: skip
    through = Standard.responsible_units.through
    through.objects.bulk_create(
        [through(standard=s, unit=rng.choice(departments)) for s in standards if rng.random() < 0.3]
    )
    items = []
    for standard in standards:
        roll = rng.random()
        kind = (
            RuleKind.PASS_RATE
            if roll < 0.7
            else RuleKind.DEDUCTION
            if roll < 0.9
            else RuleKind.GRADE
            if roll < 0.95
            else RuleKind.VETO
        )
        for site_type in rng.sample(types, TYPES_PER_STANDARD):
            items.append(
                ChecklistItem(
                    standard=standard,
                    site_type=site_type,
                    code=f"{standard.code}-{site_type.code}",
                    text="检查",
                    rule_kind=kind,
                    deduction_per=Decimal("0.5") if kind == RuleKind.DEDUCTION else None,
                    grade_thresholds=[{"min": 95, "ratio": 1}, {"min": 80, "ratio": 0.7}]
                    if kind == RuleKind.GRADE
                    else [],
                    veto_scope="standard" if kind == RuleKind.VETO else "",
                )  # fmt: skip
            )
    items = ChecklistItem.objects.bulk_create(items, batch_size=1000)
    by_type: dict[int, list[ChecklistItem]] = {}
    for item in items:
        by_type.setdefault(item.site_type_id, []).append(item)
    return by_type


def _sites(rng: random.Random, n: int, communities, departments) -> tuple[list[SiteType], list[Site]]:
    types = SiteType.objects.bulk_create([SiteType(code=f"BT{i:02d}", name=f"基准类型{i}") for i in range(SITE_TYPES)])
    sites = Site.objects.bulk_create(
        [
            Site(code=f"BS{i:05d}", name=f"基准点位{i}", site_type=rng.choice(types), territorial_unit=rng.choice(communities),
                 lat=Decimal("30.5") + Decimal(rng.randrange(100000)) / 1000000, lng=Decimal("114.2") + Decimal(rng.randrange(100000)) / 1000000)
            for i in range(n)
        ],
        batch_size=1000,
    )  # fmt: skip
    SiteResponsibility.objects.bulk_create(
        [SiteResponsibility(site=s, unit=rng.choice(departments)) for s in sites if rng.random() < 0.3], batch_size=1000
    )
    return types, sites


def _results(rng, visits, items_by_type, checks, inspector_id, moment):
    for visit, site in visits:
        for item in items_by_type.get(site.site_type_id, [])[:checks]:
            roll = rng.random()
            verdict = "pass" if roll < 0.88 else "fail" if roll < 0.98 else "na"
            count = rng.randint(1, 3) if verdict == "fail" and item.rule_kind == RuleKind.DEDUCTION else 0
            yield (random_id(), visit.pk, visit.round_id, site.pk, item.standard_id, item.pk, verdict, count, "", item.rule_kind,
                   item.deduction_per, inspector_id, moment)  # fmt: skip


def _insert_results(rows) -> int:
    table = "inspections_checkresult"
    columns = ", ".join(f'"{c}"' for c in RESULT_COLUMNS)
    if connection.vendor == "postgresql":
        n = 0
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                n += 1
        return n
    batch, n = [], 0
    marks = ", ".join(["%s"] * len(RESULT_COLUMNS))
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(tuple(_sqlite_value(v) for v in row))
            if len(batch) == 20000:
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", batch)
                n += len(batch)
                batch = []
        if batch:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", batch)
            n += len(batch)
    return n


def _sqlite_value(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(" ")
    return value


@transaction.atomic
def build(*, sites: int, rounds: int, per_round: int, checks: int, seed: int = 2026) -> dict:
    rng = random.Random(seed)
    communities, departments, districts = _units(rng)
    types, all_sites = _sites(rng, sites, communities, departments)
    items_by_type = _index(rng, types, departments)
    edition = Edition.objects.get(code="BENCH")
    inspector = User.objects.create(username="bench-inspector", role=Role.INSPECTOR, name="基准督查员")
    district_of = {}
    for community in communities:
        district_of[community.pk] = int(community.path.strip("/").split("/")[1])
    total = 0
    start = datetime.date(2026, 1, 5)
    for week in range(rounds):
        day = start + datetime.timedelta(days=7 * week)
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
        round_ = Round.objects.create(
            code=f"B{day:%Y}-{week + 1:03d}", name=f"第{week + 1}周明察", kind=Kind.OPEN, edition=edition,
            period_start=day, period_end=day + datetime.timedelta(days=6), status=RoundStatus.PUBLISHED,
            created_by=inspector, created_at=moment, published_at=moment,
        )  # fmt: skip
        chosen = rng.sample(all_sites, min(per_round, len(all_sites)))
        entries = RoundSite.objects.bulk_create(
            [RoundSite(round=round_, site=s, site_type_id=s.site_type_id, district_id=district_of[s.territorial_unit_id]) for s in chosen],
            batch_size=1000,
        )  # fmt: skip
        visits = Visit.objects.bulk_create(
            [Visit(round_site=e, round=round_, site=e.site, inspector=inspector, status=VisitStatus.SUBMITTED,
                   started_at=moment, submitted_at=moment) for e in entries],
            batch_size=1000,
        )  # fmt: skip
        total += _insert_results(
            _results(rng, zip(visits, chosen, strict=True), items_by_type, checks, inspector.pk, moment)
        )
    return {"sites": sites, "rounds": rounds, "results": total}
