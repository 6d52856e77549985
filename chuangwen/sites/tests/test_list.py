from decimal import Decimal

import pytest
from django.urls import reverse

from chuangwen.sites.models import Site
from chuangwen.testing import make_site

URL = reverse("sites:list")


def _codes(response):
    return [site.code for site, _district in response.context["rows"]]


def test_it_lists_sites_with_district_units_and_road_chief(world, sites, client_for):
    response = client_for(world.office_staff).get(URL)
    assert response.status_code == 200
    assert response.context["section"] == "sites"
    assert _codes(response) == ["A1", "A2", "B1", "B2"]
    html = response.content.decode()
    assert "东城区 / 东华街道" in html
    assert "市城管局" in html and "王路长" in html and "13900000001" in html
    assert response.context["page"].paginator.count == 4
    counts = {c["type"].code: c["count"] for c in response.context["type_counts"]}
    assert counts == {"ZCGD": 2, "NMSC": 2}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"site_type": "market"}, ["A2", "B1"]),
        ({"district": "district_a"}, ["A1", "A2"]),
        ({"territorial_unit": "community_a"}, ["A2"]),
        ({"territorial_unit": "street_b"}, ["B1", "B2"]),
        ({"responsible_unit": "dept_a"}, ["A1", "B2"]),
        ({"q": "农贸"}, ["A2", "B1"]),
        ({"q": "王路"}, ["A1"]),
        ({"q": "全段"}, ["A1"]),
        ({"q": "b2"}, ["B2"]),
    ],
)
def test_it_filters(world, sites, client_for, params, expected):
    resolved = {}
    for key, value in params.items():
        if key == "site_type":
            resolved[key] = sites.market.pk
        elif key == "q":
            resolved[key] = value
        else:
            resolved[key] = getattr(world, value).pk
    response = client_for(world.office_staff).get(URL, resolved)
    assert response.status_code == 200
    assert _codes(response) == expected


def test_it_shows_active_sites_unless_asked(world, sites, client_for):
    Site.objects.filter(pk=sites.b1.pk).update(is_active=False)
    client = client_for(world.office_staff)
    assert _codes(client.get(URL)) == ["A1", "A2", "B2"]
    assert _codes(client.get(URL, {"active": "0"})) == ["B1"]
    assert _codes(client.get(URL, {"active": "all"})) == ["A1", "A2", "B1", "B2"]


def test_it_paginates_fifty_a_page(world, sites, client_for):
    for n in range(60):
        make_site(sites.market, world.street_a, code=f"P{n:03d}")
    client = client_for(world.office_staff)
    first = client.get(URL)
    assert len(first.context["rows"]) == 50
    assert first.context["page"].paginator.count == 64
    assert len(client.get(URL, {"page": 2}).context["rows"]) == 14


def _more_sites(world, sites, start, n):
    for i in range(start, start + n):
        make_site(sites.road if i % 2 else sites.market, world.grid_a if i % 3 else world.street_b,
                  [world.dept_a, world.dept_b][: i % 3], code=f"Q{i:03d}", lat=Decimal("30.5"))  # fmt: skip


@pytest.mark.parametrize("persona", ["office_staff", "district_officer", "handler", "grid_worker"])
def test_its_query_count_does_not_grow_with_the_sites(world, sites, client_for, django_assert_num_queries, persona):
    client = client_for(getattr(world, persona))
    _more_sites(world, sites, 0, 3)
    with django_assert_num_queries(12):
        first = client.get(URL)
    _more_sites(world, sites, 3, 60)
    with django_assert_num_queries(12):
        second = client.get(URL)
    assert 0 < len(first.context["rows"]) < len(second.context["rows"])


def test_a_bad_filter_is_a_400_with_a_chinese_message(world, sites, client_for):
    client = client_for(world.office_staff)
    response = client.get(URL, {"territorial_unit": world.dept_a.pk})
    assert response.status_code == 400
    assert "所选单位不是属地单位" in response.content.decode()
    assert client.get(URL, {"site_type": "abc"}).status_code == 400
    assert client.get(URL, {"district": 999999}).status_code == 400
    assert client.get(URL, {"district": world.street_a.pk}).status_code == 400


def test_it_needs_a_login(world, client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_it_refuses_post(world, client_for):
    assert client_for(world.office_staff).post(URL).status_code == 405


def test_unit_people_see_no_office_buttons(world, sites, client_for):
    html = client_for(world.handler).get(URL).content.decode()
    assert reverse("sites:create") not in html and reverse("sites:import") not in html
    html = client_for(world.office_staff).get(URL).content.decode()
    assert reverse("sites:create") in html and reverse("sites:import") in html


def test_the_district_officer_is_offered_only_their_district(world, sites, client_for):
    choices = client_for(world.district_officer).get(URL).context["choices"]
    assert [d.code for d in choices["districts"]] == ["DA"]
    assert {u.code for u in choices["territorial_units"]} == {"DA", "DA-S1"}
