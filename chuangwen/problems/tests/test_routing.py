"""The proposed responsible unit: 谁主管谁负责 first, then 属地管理."""

import pytest

from chuangwen.problems import routing
from chuangwen.problems.models import ProblemCategory
from chuangwen.testing import make_edition, make_site, make_site_type, make_standard

pytestmark = pytest.mark.django_db


@pytest.fixture
def road(world):
    return make_site_type(name="主次干道", is_road=True)


def test_the_standards_lead_unit_that_answers_for_the_site_wins(world, road):
    standard = make_standard(make_edition(), lead_unit=world.dept_a, responsible=[world.street_a], site_types=[road])
    site = make_site(road, world.community_a, responsible=[world.street_a, world.dept_a])
    proposal = routing.propose(site, standard)
    assert proposal.unit == world.dept_a
    assert proposal.cooperating == [world.street_a]
    assert "责任单位" in proposal.why


def test_a_functional_unit_answering_for_the_site_comes_before_the_territory(world, road):
    site = make_site(road, world.community_a, responsible=[world.street_a, world.dept_b])
    assert routing.propose(site, None).unit == world.dept_b


def test_the_standards_lead_unit_when_nobody_answers_for_the_site(world, road):
    standard = make_standard(make_edition(), lead_unit=world.dept_a, site_types=[road])
    site = make_site(road, world.community_a)
    assert routing.propose(site, standard).unit == world.dept_a


def test_the_street_of_the_site_by_territory(world, road):
    site = make_site(road, world.community_a)
    proposal = routing.propose(site, None)
    assert proposal.unit == world.street_a
    assert "属地" in proposal.why


def test_the_category_default_without_site_or_territory(world):
    category = ProblemCategory.objects.create(code="ZS", name="噪声扰民", default_unit=world.dept_b)
    assert routing.propose(None, None, category).unit == world.dept_b
    assert routing.propose(None, None).unit is None
