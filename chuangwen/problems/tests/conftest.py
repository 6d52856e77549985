"""Fixtures for problem tests: a site in district A answered for by unit A, a standard unit A
leads, and problems at each stage of the workflow built through the real services."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from chuangwen.problems import services
from chuangwen.problems.models import Problem, Source
from chuangwen.testing import make_edition, make_site, make_site_type, make_standard


@dataclass
class FakePhoto:
    name: str = "problems/2026/11/abc.jpg"
    thumb_name: str = "problems/2026/11/abc_t.jpg"
    width: int = 800
    height: int = 600
    sha256: str = "0" * 64
    lat: Decimal | None = None
    lng: Decimal | None = None
    taken_at: datetime.datetime | None = None


@dataclass
class Place:
    site: object
    standard: object


@pytest.fixture
def place(world) -> Place:
    road = make_site_type(name="主次干道", is_road=True)
    standard = make_standard(make_edition(), lead_unit=world.dept_a, responsible=[world.street_a], site_types=[road])
    site = make_site(road, world.community_a, responsible=[world.dept_a, world.street_a], name="东华路")
    return Place(site, standard)


@pytest.fixture
def new_problem(world, place) -> Problem:
    return services.create_problem(
        world.office_staff,
        source=Source.INSPECTION,
        description="东华路人行道占道经营",
        site=place.site,
        standard=place.standard,
        photos=[FakePhoto()],
    )


@pytest.fixture
def assigned(world, new_problem) -> Problem:
    return services.assign_problem(world.office_staff, new_problem)


@pytest.fixture
def in_progress(world, assigned) -> Problem:
    return services.accept_problem(world.handler, assigned)


@pytest.fixture
def submitted(world, in_progress) -> Problem:
    services.submit_rectification(world.handler, in_progress, note="已清理", photos=[FakePhoto()])
    return Problem.objects.get(pk=in_progress.pk)


@pytest.fixture
def closed(world, submitted) -> Problem:
    return services.approve_rectification(world.office_staff, submitted)
