"""Sites fixtures: two site types and four sites spread over unit A's and unit B's reach.

site_a1  东华街道 (district A), answered for by dept A (unit A)
site_a2  东华社区第一网格 (district A, the grid worker's grid), nobody answers for it
site_b1  西华街道 (district B), answered for by dept B (the outsider's unit)
site_b2  西华街道 (district B), answered for by dept A
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from chuangwen.sites.models import Site, SiteType
from chuangwen.testing import make_site, make_site_type


@dataclass
class Sites:
    road: SiteType
    market: SiteType
    a1: Site
    a2: Site
    b1: Site
    b2: Site

    @property
    def unit_a_codes(self) -> set[str]:
        return {self.a1.code, self.a2.code, self.b2.code}


@pytest.fixture
def sites(world) -> Sites:
    road = make_site_type("ZCGD", "主次干道", is_road=True, sort_order=1)
    market = make_site_type("NMSC", "农贸市场", sort_order=2)
    a1 = make_site(
        road, world.street_a, [world.dept_a], code="A1", name="东华路", address="东华路全段",
        road_chief_name="王路长", road_chief_phone="13900000001",
    )  # fmt: skip
    a2 = make_site(market, world.grid_a, code="A2", name="东华农贸市场", lat=Decimal("30.610000"))
    b1 = make_site(market, world.street_b, [world.dept_b], code="B1", name="西华农贸市场", lng=Decimal("114.250000"))
    b2 = make_site(road, world.street_b, [world.dept_a], code="B2", name="西华大道")
    return Sites(road, market, a1, a2, b1, b2)
