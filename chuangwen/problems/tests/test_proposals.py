"""propose_many (the triage queue's batch routing) answers exactly as routing.propose does."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chuangwen.problems import routing, services
from chuangwen.problems.models import Problem, ProblemCategory, Source
from chuangwen.problems.proposals import ROUTING_RELATED, propose_many, routing_prefetches
from chuangwen.testing import make_edition, make_site, make_site_type, make_standard

pytestmark = pytest.mark.django_db


@pytest.fixture
def problems(world) -> list[Problem]:
    road = make_site_type(name="主次干道")
    edition = make_edition()
    led_by_a = make_standard(edition, lead_unit=world.dept_a, responsible=[world.street_a])
    led_by_b = make_standard(edition, lead_unit=world.dept_b)
    orphan = make_standard(edition)
    shared = make_site(road, world.community_a, responsible=[world.street_a, world.dept_a])
    functional = make_site(road, world.community_a, responsible=[world.dept_b])
    territorial_only = make_site(road, world.street_b, responsible=[world.community_a])
    bare = make_site(road, world.grid_a)
    category = ProblemCategory.objects.create(code="X", name="其他", default_unit=world.dept_b)

    def create(**kwargs):
        return services.create_problem(world.office_staff, source=Source.HOTLINE, description="问题", **kwargs)

    return [
        create(site=shared, standard=led_by_a),  # shared owner, the lead first
        create(site=shared, standard=orphan),  # functional answerable unit
        create(site=functional, standard=led_by_a),
        create(site=territorial_only, standard=led_by_b),  # the standard's lead
        create(site=territorial_only),  # the street of the site
        create(site=bare, standard=orphan),  # the street above the grid
        create(address="无名路", category=category),  # the category's default
        create(address="无名路"),  # nothing
        services.create_problem(world.district_officer, source=Source.HOTLINE, description="x", address="东华路"),
    ]


def test_it_answers_like_routing_propose(world, problems):
    loaded = list(
        Problem.objects.filter(pk__in=[p.pk for p in problems])
        .select_related(*ROUTING_RELATED)
        .prefetch_related(*routing_prefetches())
        .order_by("pk")
    )
    with CaptureQueriesContext(connection) as captured:
        batch = propose_many(loaded)
    assert len(captured) <= 1  # the streets; everything else came with the page
    for problem in loaded:
        one = routing.propose(problem.site, problem.standard, problem.category, problem.territorial_unit)
        got = batch[problem.pk]
        assert (got.unit, got.why, got.cooperating) == (one.unit, one.why, one.cooperating), problem.description
    assert {p.unit for p in batch.values()} >= {world.dept_a, world.dept_b, world.street_a, world.street_b, None}
