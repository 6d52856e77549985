"""The overview stays a handful of aggregated queries: the same number with ten times the sites,
problems and visits."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chuangwen.dashboard.tests.overview_support import make_problem
from chuangwen.inspections.models import RoundSite, Verdict
from chuangwen.inspections.tests.conftest import inspect, plan_round
from chuangwen.problems.models import Status
from chuangwen.testing import make_site, make_unit
from chuangwen.units.models import UnitKind

pytestmark = pytest.mark.django_db

# Session and user, the navbar's unread count, the city's name, the figures (about a dozen
# grouped queries), the district picker.
MAX_PAGE = 20
MAX_JSON = 16


def _grow(place, n: int):
    """n more sites and 2n more problems spread over two new streets, and every site inspected."""
    w = place.world
    streets = [make_unit(UnitKind.STREET, f"新街道{n}{i}", d) for i, d in enumerate((w.district_a, w.district_b))]
    for i in range(n):
        street = streets[i % 2]
        make_site(place.road, street, responsible=[w.dept_a])
        make_problem(street, Status.ASSIGNED, w.dept_a if i % 3 else w.dept_b)
        make_problem(street, Status.CLOSED, w.dept_b, closed_on_time=bool(i % 2))
    round_ = plan_round(place)
    for entry in RoundSite.objects.filter(round=round_).select_related("site"):
        inspect(place, round_, entry, {place.items[0].pk: Verdict.FAIL} if entry.pk % 2 else {})


def _counts(client, district) -> dict[str, int]:
    urls = {
        "page": reverse("overview"),
        "district": reverse("overview_district", args=[district.pk]),
        "screen": reverse("overview_screen"),
        "data": reverse("overview_data"),
        "map": reverse("overview_map_data"),
    }
    counts = {}
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[name] = len(queries.captured_queries)
    return counts


def test_the_overview_does_not_grow_with_the_city(place, scored, client_for):
    client = client_for(place.world.leader)
    _grow(place, 3)
    small = _counts(client, place.world.district_a)
    _grow(place, 30)
    large = _counts(client, place.world.district_a)
    assert large == small, (small, large)
    assert small["page"] <= MAX_PAGE and small["district"] <= MAX_PAGE and small["screen"] <= MAX_PAGE
    assert small["data"] <= MAX_JSON and small["map"] <= MAX_JSON


def test_the_pages_and_json_stay_within_their_query_budget(place, scored, client_for, django_assert_max_num_queries):
    _grow(place, 20)
    client = client_for(place.world.district_officer)
    with django_assert_max_num_queries(MAX_PAGE):
        client.get(reverse("overview"))
    with django_assert_max_num_queries(MAX_JSON):
        client.get(reverse("overview_data"))
    with django_assert_max_num_queries(MAX_JSON):
        client.get(reverse("overview_map_data"))
