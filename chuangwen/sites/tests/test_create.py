import pytest
from django.urls import reverse

from chuangwen.audit.models import AuditEvent
from chuangwen.sites.models import Site, SiteResponsibility
from chuangwen.sites.tests.helpers import NON_OFFICE

URL = reverse("sites:create")


def _post(world, sites, **extra):
    data = {
        "code": "N1",
        "name": "新华路",
        "site_type": sites.road.pk,
        "address": "新华路全段",
        "lat": "30.5931",
        "lng": "114.3054",
        "territorial_unit": "东华街道",
        "responsible_units": "D-CG、市交通局",
        "road_chief_name": "李四",
        "road_chief_phone": "13800000002",
        "notes": "",
    }
    data.update(extra)
    return data


def _state():
    return Site.objects.count(), SiteResponsibility.objects.count(), AuditEvent.objects.count()


def test_it_shows_the_form(world, sites, client_for):
    response = client_for(world.office_staff).get(URL)
    assert response.status_code == 200
    assert 'list="unit-options"' in response.content.decode()


def test_it_creates_a_site(world, sites, client_for):
    events = AuditEvent.objects.count()
    response = client_for(world.office_staff).post(URL, _post(world, sites))
    site = Site.objects.get(code="N1")
    assert response.status_code == 302
    assert response["Location"] == reverse("sites:detail", args=[site.pk])
    assert site.territorial_unit == world.street_a
    assert set(site.responsible_units.all()) == {world.dept_a, world.dept_b}
    assert str(site.lat) == "30.593100"
    assert AuditEvent.objects.count() == events + 1


def test_it_accepts_a_unit_written_as_name_and_code(world, sites, client_for):
    client_for(world.office_staff).post(URL, _post(world, sites, territorial_unit="东华社区（DA-S1-C1）"))
    assert Site.objects.get(code="N1").territorial_unit == world.community_a


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"territorial_unit": "市城管局"}, "territorial_unit", "不是属地单位"),
        ({"territorial_unit": "不存在的街道"}, "territorial_unit", "未知的单位"),
        ({"responsible_units": "市城管局、无此单位"}, "responsible_units", "未知的单位“无此单位”"),
        ({"lat": "114.3"}, "lat", "纬度应在"),
        ({"lng": "abc"}, "lng", ""),
        ({"code": "A1"}, "code", "已存在"),
        ({"road_chief_phone": "打电话"}, "road_chief_phone", "不是有效的电话号码"),
        ({"site_type": "market"}, "road_chief_name", "只有道路类点位可以设置路长"),
        ({"name": ""}, "name", ""),
    ],
)
def test_bad_input_is_a_400_and_changes_nothing(world, sites, client_for, extra, field, message):
    if extra.get("site_type") == "market":
        extra["site_type"] = sites.market.pk
    before = _state()
    response = client_for(world.office_staff).post(URL, _post(world, sites, **extra))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert _state() == before


@pytest.mark.parametrize("persona", NON_OFFICE)
def test_unit_people_are_refused(world, sites, client_for, persona):
    client = client_for(world.personas[persona])
    assert client.get(URL).status_code == 403
    before = _state()
    assert client.post(URL, _post(world, sites)).status_code == 403
    assert _state() == before


def test_it_needs_a_login(world, sites, client):
    response = client.post(URL, _post(world, sites))
    assert response.status_code == 302
    assert not Site.objects.filter(code="N1").exists()


def test_it_refuses_put(world, client_for):
    assert client_for(world.office_staff).put(URL).status_code == 405
