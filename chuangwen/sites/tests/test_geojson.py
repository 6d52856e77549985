import gzip
import json

import pytest
from django.urls import reverse

from chuangwen.sites.filters import PALETTE
from chuangwen.sites.models import Site
from chuangwen.testing import make_site

URL = reverse("sites:geojson")


def test_it_returns_a_compact_feature_collection(world, sites, client_for):
    response = client_for(world.office_staff).get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    first = data["features"][0]
    assert first == {
        "type": "Feature",
        "id": sites.a1.pk,
        "geometry": {"type": "Point", "coordinates": [114.3, 30.6]},
        "properties": {"c": "A1", "n": "东华路", "t": sites.road.pk, "a": "东华路全段", "d": world.district_a.pk},
    }
    assert data["types"] == [
        {"id": sites.road.pk, "name": "主次干道", "color": PALETTE[0]},
        {"id": sites.market.pk, "name": "农贸市场", "color": PALETTE[1]},
    ]
    assert {d["name"] for d in data["districts"]} == {"东城区", "西城区"}
    assert "东华路" in response.content.decode()  # not \\u-escaped
    assert b", " not in response.content and b": " not in response.content


def test_it_is_gzipped_when_the_browser_accepts_it(world, sites, client_for):
    response = client_for(world.office_staff).get(URL, headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(response.content))["type"] == "FeatureCollection"


def test_it_applies_the_list_filters(world, sites, client_for):
    Site.objects.filter(pk=sites.a2.pk).update(is_active=False)
    client = client_for(world.office_staff)
    codes = lambda params: [f["properties"]["c"] for f in client.get(URL, params).json()["features"]]  # noqa: E731
    assert codes({"site_type": sites.market.pk}) == ["B1"]
    assert codes({"site_type": sites.market.pk, "active": "all"}) == ["A2", "B1"]
    assert codes({"district": world.district_b.pk}) == ["B1", "B2"]
    assert codes({"responsible_unit": world.dept_a.pk, "q": "西华"}) == ["B2"]
    inactive = client.get(URL, {"active": "0"}).json()["features"]
    assert inactive[0]["properties"]["off"] == 1


def test_the_outsider_gets_none_of_unit_a_sites(world, sites, client_for):
    features = client_for(world.outsider).get(URL).json()["features"]
    assert [f["properties"]["c"] for f in features] == ["B1"]


def test_a_bad_filter_is_a_400_in_json(world, client_for):
    response = client_for(world.office_staff).get(URL, {"territorial_unit": world.dept_a.pk})
    assert response.status_code == 400
    assert response.json() == {"error": "所选单位不是属地单位", "field": "territorial_unit"}


def test_it_needs_a_login(world, client):
    assert client.get(URL).status_code == 302


def test_it_refuses_post(world, client_for):
    assert client_for(world.office_staff).post(URL).status_code == 405


@pytest.mark.parametrize(("persona", "queries"), [("office_staff", 5), ("handler", 6)])
def test_the_query_count_does_not_grow_with_the_sites(
    world, sites, client_for, django_assert_num_queries, persona, queries
):
    client = client_for(world.personas[persona])
    with django_assert_num_queries(queries):
        client.get(URL)
    for n in range(30):
        make_site(sites.market, world.grid_a, [world.dept_a], code=f"G{n:03d}")
    with django_assert_num_queries(queries):
        assert len(client.get(URL).json()["features"]) > 30
