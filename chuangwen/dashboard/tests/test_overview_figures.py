"""The overview's figures against hand-made problems: open, overdue, new and closed this week, the
on-time rate, the weekly trend, sources, the units most overdue and the districts' table — for the
city, a district drill-down and a district office."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from chuangwen.dashboard.tests.overview_support import MONDAY, NOW, ago, figure, make_problem
from chuangwen.problems.models import Source, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def problems(world):
    a, b = world.street_a, world.street_b
    dept_a, dept_b = world.dept_a, world.dept_b
    # District A: three overdue (two of unit A, one of unit B).
    make_problem(a, Status.ASSIGNED, dept_a, deadline=ago(days=1, hours=1))
    make_problem(a, Status.IN_PROGRESS, dept_a, deadline=ago(days=5, hours=1), source=Source.CITIZEN)
    make_problem(a, Status.REJECTED, dept_b, deadline=ago(days=2, hours=1))
    # Open but not overdue: within its deadline, new, and submitted (the clock stops).
    make_problem(a, Status.ASSIGNED, dept_a, deadline=ago(days=-2), created=ago(days=1), source=Source.HOTLINE)
    make_problem(a, Status.NEW, created=ago(hours=3), source=Source.CITIZEN)
    make_problem(a, Status.SUBMITTED, dept_a, deadline=ago(days=4))
    # Closed this week (one on time, one late), 20 days ago (on time) and 40 days ago (late).
    make_problem(a, Status.CLOSED, dept_a, created=ago(days=9), closed_at=MONDAY, closed_on_time=True)
    make_problem(a, Status.CLOSED, dept_b, created=ago(days=9), closed_at=MONDAY, closed_on_time=False)
    make_problem(a, Status.CLOSED, dept_a, created=ago(days=30), closed_at=ago(days=20), closed_on_time=True)
    make_problem(a, Status.CLOSED, dept_a, created=ago(days=60), closed_at=ago(days=40), closed_on_time=False)
    make_problem(a, Status.INVALID, created=ago(hours=5), source=Source.GRID)
    # District B: one overdue registered this week, one closed this week on time.
    make_problem(b, Status.ASSIGNED, dept_b, created=ago(days=1), deadline=ago(days=3, hours=1), source=Source.GRID)
    make_problem(b, Status.CLOSED, dept_b, created=ago(days=8), closed_at=MONDAY, closed_on_time=True)


def _data(client, **params):
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("overview_data"), params)
    assert response.status_code == 200
    return response.json()


def _page(client, url):
    with time_machine.travel(NOW, tick=False):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_city_figures_count_what_was_made(world, problems, client_for):
    body = _page(client_for(world.leader), reverse("overview"))
    assert figure(body, "open") == "7"
    assert figure(body, "overdue") == "4"
    assert figure(body, "new_week") == "4"
    assert figure(body, "closed_week") == "3"
    assert figure(body, "on_time_rate") == "75.0%"  # 3 of the 4 closed in 30 days
    assert "近30天销号 4 件" in body


def test_the_json_has_the_same_figures(world, problems, client_for):
    data = _data(client_for(world.office_staff))
    assert data["figures"] == {
        "open": 7,
        "overdue": 4,
        "new_week": 4,
        "closed_week": 3,
        "on_time_rate": 75.0,
        "on_time_closed": 4,
    }
    assert data["scope"] == {"name": "示范市", "district": None, "is_city": True}


def test_the_trend_counts_this_week_in_its_last_bar(world, problems, client_for):
    trend = _data(client_for(world.leader))["trend"]
    assert len(trend["labels"]) == 12 and trend["labels"][-1] == "11-16"
    assert trend["opened"][-1] == 4 and trend["closed"][-1] == 3
    assert trend["opened"][-2] == 3  # the three closed on Monday were registered the week before
    assert trend["closed"][-4] == 1  # closed 20 days ago, in the week of 10-26
    assert sum(trend["opened"]) == 13 and sum(trend["closed"]) == 5


def test_sources_count_the_problems_of_the_twelve_weeks(world, problems, client_for):
    sources = {row["key"]: row["value"] for row in _data(client_for(world.leader))["sources"]}
    assert sources == {"inspection": 8, "citizen": 2, "hotline": 1, "grid": 2}


def test_the_units_most_overdue_come_first_with_their_oldest_delay(world, problems, client_for):
    units = _data(client_for(world.leader))["overdue_units"]
    assert [(u["name"], u["count"], u["days"]) for u in units] == [("市城管局", 2, 6), ("市交通局", 2, 4)]
    body = _page(client_for(world.leader), reverse("overview"))
    assert "最长超期 6 天" in body


def test_the_districts_table_splits_the_city(world, problems, client_for):
    children = {row["name"]: row for row in _data(client_for(world.leader))["children"]}
    assert (children["东城区"]["open"], children["东城区"]["overdue"], children["东城区"]["closed_week"]) == (6, 3, 2)
    assert (children["西城区"]["open"], children["西城区"]["overdue"], children["西城区"]["closed_week"]) == (1, 1, 1)
    assert children["东城区"]["url"] == reverse("overview_district", args=[world.district_a.pk])


def test_a_district_drill_down_counts_only_its_problems(world, problems, client_for):
    body = _page(client_for(world.leader), reverse("overview_district", args=[world.district_a.pk]))
    assert figure(body, "open") == "6"
    assert figure(body, "overdue") == "3"
    assert figure(body, "new_week") == "3"
    assert figure(body, "closed_week") == "2"
    assert figure(body, "on_time_rate") == "66.7%"
    data = _data(client_for(world.leader), district=world.district_b.pk)
    assert data["figures"]["open"] == 1 and data["figures"]["overdue"] == 1
    assert data["scope"]["name"] == "西城区"


def test_the_streets_of_a_district_are_its_table(world, problems, client_for):
    data = _data(client_for(world.office_admin), district=world.district_a.pk)
    assert [(row["name"], row["open"], row["overdue"]) for row in data["children"]] == [("东华街道", 6, 3)]
    assert data["children_label"] == "街道乡镇"


def test_a_district_office_sees_its_own_district_as_the_overview(world, problems, client_for):
    client = client_for(world.district_officer)
    body = _page(client, reverse("overview"))
    assert figure(body, "open") == "6" and figure(body, "overdue") == "3"
    assert 'id="district-picker"' not in body
    assert _data(client)["scope"]["name"] == "东城区"
    assert _data(client, district=world.district_a.pk)["figures"]["open"] == 6


def test_no_problems_shows_zeros_and_no_rate(world, client_for):
    body = _page(client_for(world.leader), reverse("overview"))
    assert figure(body, "open") == "0" and figure(body, "overdue") == "0"
    assert figure(body, "on_time_rate") == "—"
    assert "没有超期问题" in body
