import pytest
from django.http import Http404
from django.urls import reverse

from chuangwen.sites.access import get_site_for_user, visible_sites

EXPECTED = {
    "office_admin": {"A1", "A2", "B1", "B2"},
    "office_staff": {"A1", "A2", "B1", "B2"},
    "leader": {"A1", "A2", "B1", "B2"},
    "inspector": {"A1", "A2", "B1", "B2"},
    "district_officer": {"A1", "A2"},
    "handler": {"A1", "B2"},
    "unit_head": {"A1", "B2"},
    "grid_worker": {"A2"},
    "outsider": {"B1"},
}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_it_scopes_sites_by_persona(world, sites, persona):
    user = world.personas[persona]
    assert set(visible_sites(user).values_list("code", flat=True)) == EXPECTED[persona]


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_it_scopes_the_list_the_geojson_and_the_export_alike(world, sites, client_for, persona):
    client = client_for(world.personas[persona])
    listed = {row[0].code for row in client.get(reverse("sites:list")).context["rows"]}
    mapped = {f["properties"]["c"] for f in client.get(reverse("sites:geojson")).json()["features"]}
    assert listed == mapped == EXPECTED[persona]


def test_the_outsider_sees_none_of_unit_a_sites(world, sites, client_for):
    client = client_for(world.outsider)
    for site in (sites.a1, sites.a2, sites.b2):
        with pytest.raises(Http404):
            get_site_for_user(world.outsider, site.pk)
        assert client.get(reverse("sites:detail", args=[site.pk])).status_code == 404
    assert not (sites.unit_a_codes & set(visible_sites(world.outsider).values_list("code", flat=True)))


def test_anonymous_people_see_nothing(world, sites):
    from django.contrib.auth.models import AnonymousUser

    assert not visible_sites(AnonymousUser()).exists()


def test_a_grid_worker_sees_the_sites_of_their_community(world, sites):
    from chuangwen.testing import make_site

    in_community = make_site(sites.road, world.community_a, code="A3")
    assert in_community in visible_sites(world.grid_worker)
    assert sites.a1 not in visible_sites(world.grid_worker)  # registered to the street, above the community
