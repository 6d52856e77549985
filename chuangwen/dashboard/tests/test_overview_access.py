"""Who may open the overview and at what scope: office staff and leaders the city and any district,
a district office its own district only (enforced in the queries, not just hidden), everyone else
refused; wrong methods and bad parameters get a clear 4xx."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chuangwen.dashboard.tests.overview_support import make_problem
from chuangwen.problems.models import Status

pytestmark = pytest.mark.django_db

NAMES = ("overview", "overview_screen", "overview_data", "overview_map_data")
READERS = ("office_admin", "office_staff", "leader", "district_officer")
REFUSED = ("handler", "unit_head", "outsider", "inspector", "grid_worker")


@pytest.mark.parametrize("persona", READERS)
def test_readers_open_every_overview_page(world, client_for, persona):
    client = client_for(world.personas[persona])
    for name in NAMES:
        assert client.get(reverse(name)).status_code == 200, name
    assert client.get(reverse("overview_district", args=[world.district_a.pk])).status_code == 200


@pytest.mark.parametrize("persona", REFUSED)
def test_units_inspectors_and_grid_workers_are_refused(world, client_for, persona):
    client = client_for(world.personas[persona])
    for name in NAMES:
        assert client.get(reverse(name)).status_code == 403, name
    assert client.get(reverse("overview_district", args=[world.district_a.pk])).status_code == 403
    assert client.get(reverse("overview_data"), {"district": world.district_a.pk}).status_code == 403


def test_anonymous_is_sent_to_login(world, client):
    for name in NAMES:
        response = client.get(reverse(name))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("persona", ("office_staff", "leader"))
def test_the_city_readers_open_any_district(world, client_for, persona):
    client = client_for(world.personas[persona])
    body = client.get(reverse("overview_district", args=[world.district_b.pk])).content.decode()
    assert "西城区" in body and 'id="overview-breadcrumb"' in body
    assert client.get(reverse("overview_data"), {"district": world.district_b.pk}).json()["scope"]["name"] == "西城区"
    assert client.get(reverse("overview_screen"), {"district": world.district_b.pk}).status_code == 200


def test_a_district_office_cannot_reach_another_district(world, client_for):
    make_problem(world.street_b, Status.ASSIGNED, world.dept_b, description="西华路秘密问题")
    client = client_for(world.district_officer)
    b = world.district_b.pk
    assert client.get(reverse("overview_district", args=[b])).status_code == 404
    for name in ("overview_screen", "overview_data", "overview_map_data"):
        assert client.get(reverse(name), {"district": b}).status_code == 404, name
    data = client.get(reverse("overview_data")).json()
    assert data["scope"]["district"] == world.district_a.pk
    assert data["figures"]["open"] == 0
    assert client.get(reverse("overview_map_data")).json()["problems"] == []


def test_a_district_office_of_another_district_sees_nothing_of_a(world, client_for):
    from chuangwen.testing import make_user
    from chuangwen.units.models import Role

    make_problem(world.street_a, Status.ASSIGNED, world.dept_a)
    officer_b = make_user("district_b", Role.DISTRICT_OFFICE, world.district_b)
    client = client_for(officer_b)
    assert client.get(reverse("overview_data")).json()["figures"]["open"] == 0
    assert client.get(reverse("overview_district", args=[world.district_a.pk])).status_code == 404


@pytest.mark.parametrize("value", ["abc", "-1", "999999"])
def test_an_unknown_district_is_not_found(world, client_for, value):
    client = client_for(world.leader)
    assert client.get(reverse("overview_data"), {"district": value}).status_code == 404
    assert client.get(reverse("overview_map_data"), {"district": value}).status_code == 404


def test_a_unit_that_is_not_a_district_is_not_found(world, client_for):
    client = client_for(world.leader)
    assert client.get(reverse("overview_district", args=[world.street_a.pk])).status_code == 404
    assert client.get(reverse("overview_district", args=[world.dept_a.pk])).status_code == 404
    assert client.get(reverse("overview_data"), {"district": world.city.pk}).status_code == 404


def test_the_pages_refuse_post(world, client_for):
    client = client_for(world.office_staff)
    for name in NAMES:
        assert client.post(reverse(name)).status_code == 405, name


def test_the_navbar_offers_the_overview_to_its_readers_only(world, client_for):
    url = reverse("overview")
    assert f'href="{url}"' in client_for(world.leader).get(reverse("home")).content.decode()
    assert f'href="{url}"' in client_for(world.district_officer).get(reverse("home")).content.decode()
    assert f'href="{url}"' not in client_for(world.handler).get(reverse("home")).content.decode()
    assert f'href="{url}"' not in client_for(world.inspector).get(reverse("home")).content.decode()
