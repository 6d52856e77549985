"""Fixtures of the index tests: two site types and a small edition built through the real services."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from chuangwen.indicators import services
from chuangwen.testing import make_site_type


@pytest.fixture
def site_types(db):
    return SimpleNamespace(road=make_site_type("ROAD", "主次干道"), market=make_site_type("MKT", "农贸市场"))


@pytest.fixture
def index(world, site_types):
    """Edition E2021 (active): 公共环境 › 市容环境 › 主次干道 with three standards.

    a: led by dept A (the handler's unit); b: led by dept B, dept A responsible; c: dept B only."""
    actor = world.office_admin
    edition = services.create_edition(actor, code="E2021", name="2021年版", year=2021)
    services.activate_edition(actor, edition)
    category = services.create_node(actor, edition, level=1, code="C01", title="公共环境")
    indicator = services.create_node(actor, edition, level=2, parent=category, code="C01.01", title="市容环境")
    content = services.create_node(actor, edition, level=3, parent=indicator, code="C01.01.01", title="主次干道")
    a = services.create_standard(
        actor,
        content,
        code="S1",
        text="路面整洁，无乱扔垃圾",
        points="2",
        methods=["field"],
        site_types=[site_types.road],
        lead_unit=world.dept_a,
        responsible_units=[world.district_a],
    )
    b = services.create_standard(
        actor,
        content,
        code="S2",
        text="公益广告每200米至少1处",
        points="1.5",
        methods=["field", "material"],
        site_types=[site_types.road, site_types.market],
        lead_unit=world.dept_b,
        responsible_units=[world.dept_a],
        negative_list=True,
    )
    c = services.create_standard(
        actor, content, code="S3", text="公交站台整洁有序", points="1", methods=["material"], lead_unit=world.dept_b
    )
    item = services.create_checklist_item(
        actor, a, site_type=site_types.road, code="S1-1", text="每处垃圾扣分", rule_kind="deduction", deduction_per="2"
    )
    return SimpleNamespace(
        edition=edition, category=category, indicator=indicator, content=content, a=a, b=b, c=c, item=item
    )
