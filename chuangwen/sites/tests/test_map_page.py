import json

import pytest
from django.urls import reverse

URL = reverse("sites:map")


def _config(response):
    html = response.content.decode()
    start = html.index('<script id="map-config" type="application/json">') + len(
        '<script id="map-config" type="application/json">'
    )
    return json.loads(html[start : html.index("</script>", start)])


def test_it_renders_a_leaflet_map_without_tiles(world, sites, client_for, settings):
    settings.MAP_TILE_URL = ""
    response = client_for(world.handler).get(URL, {"site_type": sites.road.pk})
    assert response.status_code == 200
    assert response.context["section"] == "map"
    html = response.content.decode()
    assert "/static/vendor/leaflet-1.9.4/leaflet.js" in html
    assert "/static/vendor/leaflet-1.9.4/leaflet.css" in html
    assert "/static/sites/map.js" in html
    assert 'id="site-map"' in html
    assert "unpkg" not in html and "cdn" not in html.lower()
    config = _config(response)
    assert config["tileUrl"] == ""
    assert config["geojsonUrl"] == f"{reverse('sites:geojson')}?site_type={sites.road.pk}"
    assert config["detailUrl"] == reverse("sites:detail", args=[0])


def test_it_passes_the_tile_server_when_configured(world, client_for, settings):
    settings.MAP_TILE_URL = "https://tiles.example.gov.cn/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "© 示例测绘"
    config = _config(client_for(world.office_staff).get(URL))
    assert config["tileUrl"] == settings.MAP_TILE_URL
    assert config["tileAttribution"] == "© 示例测绘"


def test_it_is_for_every_site_reader(world, client_for):
    for persona, user in world.personas.items():
        assert client_for(user).get(URL).status_code == 200, persona


def test_a_bad_filter_is_a_400(world, client_for):
    response = client_for(world.office_staff).get(URL, {"district": "x"})
    assert response.status_code == 400
    assert 'id="filter-error"' in response.content.decode()


def test_it_needs_a_login(world, client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("method", ["post", "delete"])
def test_it_refuses_other_methods(world, client_for, method):
    assert getattr(client_for(world.office_staff), method)(URL).status_code == 405


def test_the_viewport_fits_a_phone(world, client_for):
    html = client_for(world.office_staff).get(URL).content.decode()
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in html
    assert 'data-bs-target="#map-filters"' in html
