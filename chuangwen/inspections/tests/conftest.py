"""A small inspected city: one road type with three checklist items, sites in two districts,
two inspectors who make a team, and helpers that take a round from plan to submitted visits."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from chuangwen.indicators.models import ChecklistItem, RuleKind, VetoScope
from chuangwen.inspections import services
from chuangwen.inspections.models import Kind, Round, RoundSite, Verdict
from chuangwen.testing import World, make_edition, make_site, make_site_type, make_standard, make_user
from chuangwen.units.models import Role


@dataclass
class Place:
    world: World
    edition: object
    road: object
    items: list
    sites_a: list
    sites_b: list
    inspector2: object

    @property
    def sites(self) -> list:
        return self.sites_a + self.sites_b


def photo_file(name: str = "p.jpg", color=(200, 30, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), color).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def place(world) -> Place:
    edition = make_edition()
    road = make_site_type("ROAD", "主次干道")
    s1 = make_standard(edition, lead_unit=world.dept_a, site_types=[road])
    s2 = make_standard(edition, lead_unit=world.dept_a, site_types=[road])
    s3 = make_standard(edition, site_types=[road])
    ChecklistItem.objects.filter(standard=s2).update(
        rule_kind=RuleKind.DEDUCTION, deduction_per=Decimal("0.5"), text="无占道经营"
    )
    ChecklistItem.objects.filter(standard=s3).update(
        rule_kind=RuleKind.VETO, veto_scope=VetoScope.STANDARD, text="无重大安全隐患"
    )
    items = [ChecklistItem.objects.get(standard=s) for s in (s1, s2, s3)]
    sites_a = [
        make_site(road, world.street_a, responsible=[world.dept_a], lat=Decimal("30.60") + Decimal(i) / 1000)
        for i in range(6)
    ]
    sites_b = [make_site(road, world.street_b, lat=Decimal("30.70") + Decimal(i) / 1000) for i in range(4)]
    inspector2 = make_user("inspector2", Role.INSPECTOR)
    return Place(world, edition, road, items, sites_a, sites_b, inspector2)


def plan_round(place: Place, *, kind: str = Kind.OPEN, mode: str = "all", value=None, schedule: bool = True) -> Round:
    office = place.world.office_staff
    round_ = services.create_round(
        office,
        name="第一轮督查",
        kind=kind,
        edition=place.edition,
        period_start=datetime.date(2026, 11, 1),
        period_end=datetime.date(2026, 11, 30),
    )
    services.set_rules(office, round_, [(place.road, mode, value)])
    services.draw_sample(office, round_, seed=42)
    services.save_team(office, round_, name="第一组", members=[place.world.inspector, place.inspector2])
    services.assign_teams(office, round_)
    if schedule:
        services.schedule_round(office, round_)
    round_.refresh_from_db()
    return round_


def inspect(place: Place, round_: Round, entry: RoundSite, verdicts=None):
    """Visit one sampled site as the first inspector, answering every item (pass unless told)."""
    inspector = place.world.inspector
    visit = services.start_visit(inspector, entry)
    services.record_position(inspector, visit, lat=entry.site.lat, lng=entry.site.lng, accuracy=10)
    for item in services.checklist(visit):
        verdict = (verdicts or {}).get(item.pk, Verdict.PASS)
        services.answer(inspector, visit, item.pk, verdict=verdict, count=2 if verdict == Verdict.FAIL else None)
    return services.submit_visit(inspector, visit)


@pytest.fixture
def planned(place) -> Round:
    return plan_round(place)
