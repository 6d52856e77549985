import pytest
from django.urls import reverse

from chuangwen.sites import services


def _url(site):
    return reverse("sites:detail", args=[site.pk])


def test_it_shows_a_site(world, sites, client_for):
    response = client_for(world.handler).get(_url(sites.a1))
    assert response.status_code == 200
    html = response.content.decode()
    assert "东华路" in html and "东城区" in html and "市城管局" in html and "王路长" in html
    assert "vendor/leaflet-1.9.4/leaflet.js" in html
    assert response.context["events"] is None  # the audit trail is for office staff


def test_office_staff_see_its_history(world, sites, client_for):
    services.update_site(world.office_staff, sites.a1, name="东华路二")
    response = client_for(world.office_staff).get(_url(sites.a1))
    assert [row["event"].event_type for row in response.context["events"]] == ["site.updated"]
    assert "修改</strong>：名称" in response.content.decode()
    assert reverse("sites:edit", args=[sites.a1.pk]) in response.content.decode()


@pytest.mark.parametrize("site", ["a1", "a2", "b2"])
def test_the_outsider_gets_404_for_unit_a_sites(world, sites, client_for, site):
    assert client_for(world.outsider).get(_url(getattr(sites, site))).status_code == 404


def test_an_unknown_site_is_404(world, client_for):
    assert client_for(world.office_staff).get(reverse("sites:detail", args=[999999])).status_code == 404


def test_it_needs_a_login(world, sites, client):
    assert client.get(_url(sites.a1)).status_code == 302


def test_it_refuses_post(world, sites, client_for):
    assert client_for(world.office_staff).post(_url(sites.a1)).status_code == 405
