"""Test support: factories and the personas every test module uses.

Personas (architecture.md): an office admin, office staff, a district officer of district A,
a handler and a head of department A, a handler of department B (the outsider, always denied
unit A's things), an inspector, a leader and a grid worker in district A.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import count

from django.db import transaction

from chuangwen.indicators.models import ChecklistItem, Edition, IndexNode, Method, NodeLevel, RuleKind, Standard
from chuangwen.sites.models import Site, SiteType
from chuangwen.units import services as unit_services
from chuangwen.units.models import Role, Unit, UnitKind, User

PASSWORD = "test-pass-2026"
_seq = count(1)


def make_unit(kind: str, name: str, parent: Unit | None = None, **extra) -> Unit:
    code = extra.pop("code", f"U{next(_seq):05d}")
    return unit_services.create_unit(None, system=True, code=code, name=name, kind=kind, parent=parent, **extra)


def make_user(username: str, role: str, unit: Unit | None = None, **extra) -> User:
    extra.setdefault("name", username)
    return unit_services.create_user(
        None, system=True, password=PASSWORD, username=username, role=role, unit=unit, **extra
    )


def make_site_type(code: str = "", name: str = "", **extra) -> SiteType:
    n = next(_seq)
    return SiteType.objects.create(code=code or f"T{n:03d}", name=name or f"点位类型{n}", **extra)


def make_site(site_type: SiteType, territorial_unit: Unit, responsible=(), **extra) -> Site:
    n = next(_seq)
    extra.setdefault("code", f"S{n:05d}")
    extra.setdefault("name", f"点位{n}")
    extra.setdefault("lat", Decimal("30.600000"))
    extra.setdefault("lng", Decimal("114.300000"))
    site = Site.objects.create(site_type=site_type, territorial_unit=territorial_unit, **extra)
    site.responsible_units.set(responsible)
    return site


def make_edition(code: str = "E2021", active: bool = True) -> Edition:
    return Edition.objects.create(code=code, name=f"测评体系{code}", year=2021, is_active=active)


def make_standard(
    edition: Edition, *, lead_unit=None, responsible=(), site_types=(), points="2", code=None
) -> Standard:
    n = next(_seq)
    cat = IndexNode.objects.create(edition=edition, level=NodeLevel.CATEGORY, code=f"C{n}", title="公共环境")
    ind = IndexNode.objects.create(
        edition=edition, level=NodeLevel.INDICATOR, parent=cat, code=f"C{n}.1", title="市容环境"
    )
    content = IndexNode.objects.create(
        edition=edition, level=NodeLevel.CONTENT, parent=ind, code=f"C{n}.1.1", title="主次干道"
    )
    standard = Standard.objects.create(
        edition=edition,
        content=content,
        code=code or f"C{n}.1.1.1",
        text="主次干道路面整洁，无乱扔垃圾、乱贴乱画。",
        points=Decimal(points),
        methods=[Method.FIELD],
        lead_unit=lead_unit,
    )
    standard.responsible_units.set(responsible)
    standard.site_types.set(site_types)
    for st in site_types:
        ChecklistItem.objects.create(
            standard=standard,
            site_type=st,
            code=f"{standard.code}-{st.code}",
            text="无乱扔垃圾",
            rule_kind=RuleKind.PASS_RATE,
        )
    return standard


@dataclass
class World:
    city: Unit
    district_a: Unit
    district_b: Unit
    street_a: Unit
    community_a: Unit
    grid_a: Unit
    street_b: Unit
    dept_a: Unit
    dept_b: Unit
    office_admin: User
    office_staff: User
    district_officer: User
    handler: User
    unit_head: User
    outsider: User
    inspector: User
    leader: User
    grid_worker: User

    @property
    def personas(self) -> dict[str, User]:
        return {
            "office_admin": self.office_admin,
            "office_staff": self.office_staff,
            "district_officer": self.district_officer,
            "handler": self.handler,
            "unit_head": self.unit_head,
            "outsider": self.outsider,
            "inspector": self.inspector,
            "leader": self.leader,
            "grid_worker": self.grid_worker,
        }


@transaction.atomic
def build_world() -> World:
    city = make_unit(UnitKind.CITY, "示范市", code="CITY")
    district_a = make_unit(UnitKind.DISTRICT, "东城区", city, code="DA")
    district_b = make_unit(UnitKind.DISTRICT, "西城区", city, code="DB")
    street_a = make_unit(UnitKind.STREET, "东华街道", district_a, code="DA-S1")
    community_a = make_unit(UnitKind.COMMUNITY, "东华社区", street_a, code="DA-S1-C1")
    grid_a = make_unit(UnitKind.GRID, "东华社区第一网格", community_a, code="DA-S1-C1-G1")
    street_b = make_unit(UnitKind.STREET, "西华街道", district_b, code="DB-S1")
    dept_a = make_unit(UnitKind.DEPARTMENT, "市城管局", city, code="D-CG", head_name="张局长", head_phone="13800000001")
    dept_b = make_unit(UnitKind.DEPARTMENT, "市交通局", city, code="D-JT")
    return World(
        city=city,
        district_a=district_a,
        district_b=district_b,
        street_a=street_a,
        community_a=community_a,
        grid_a=grid_a,
        street_b=street_b,
        dept_a=dept_a,
        dept_b=dept_b,
        office_admin=make_user("office_admin", Role.OFFICE_ADMIN, city),
        office_staff=make_user("office_staff", Role.OFFICE_STAFF, city),
        district_officer=make_user("district_officer", Role.DISTRICT_OFFICE, district_a),
        handler=make_user("handler", Role.UNIT_HANDLER, dept_a),
        unit_head=make_user("unit_head", Role.UNIT_HEAD, dept_a),
        outsider=make_user("outsider", Role.UNIT_HANDLER, dept_b),
        inspector=make_user("inspector", Role.INSPECTOR),
        leader=make_user("leader", Role.LEADER),
        grid_worker=make_user("grid_worker", Role.GRID_WORKER, grid_a),
    )
