import pytest
from django.urls import reverse

from chuangwen.audit.models import AuditEvent
from chuangwen.sites.models import Site, SiteType
from chuangwen.sites.tests.helpers import NON_OFFICE

LIST = reverse("sites:types")
CREATE = reverse("sites:type_create")


def _edit(site_type):
    return reverse("sites:type_edit", args=[site_type.pk])


def _deactivate(site_type):
    return reverse("sites:type_deactivate", args=[site_type.pk])


def _state():
    return list(SiteType.objects.values_list("code", "name", "is_road", "is_active")), AuditEvent.objects.count()


def test_it_lists_types_with_counts(world, sites, client_for):
    response = client_for(world.grid_worker).get(LIST)
    assert response.status_code == 200
    rows = {t.code: (t.site_count, t.active_count) for t, _color in response.context["rows"]}
    assert rows == {"ZCGD": (2, 2), "NMSC": (2, 2)}
    assert CREATE not in response.content.decode()


def test_office_staff_create_a_type(world, client_for):
    events = AuditEvent.objects.count()
    response = client_for(world.office_staff).post(CREATE, {"code": "GY", "name": "公园", "sort_order": 3})
    assert response.status_code == 302
    assert SiteType.objects.get(code="GY").name == "公园"
    assert AuditEvent.objects.count() == events + 1


def test_office_staff_edit_a_type(world, sites, client_for):
    client = client_for(world.office_staff)
    assert client.get(_edit(sites.market)).status_code == 200
    data = {"code": "NMSC", "name": "农贸市场（集贸）", "sort_order": 2, "is_active": "on"}
    assert client.post(_edit(sites.market), data).status_code == 302
    sites.market.refresh_from_db()
    assert sites.market.name == "农贸市场（集贸）"
    assert AuditEvent.objects.for_object(sites.market).get().after == {"name": "农贸市场（集贸）"}


def test_a_duplicate_name_is_a_400(world, sites, client_for):
    before = _state()
    response = client_for(world.office_staff).post(CREATE, {"code": "X", "name": "主次干道", "sort_order": 0})
    assert response.status_code == 400
    assert "已存在" in response.content.decode()
    assert _state() == before


def test_a_type_in_use_cannot_be_deactivated(world, sites, client_for):
    before = _state()
    response = client_for(world.office_staff).post(_deactivate(sites.market))
    assert response.status_code == 400
    assert "仍有 2 个启用的点位" in response.content.decode()
    assert _state() == before


def test_an_unused_type_is_deactivated(world, sites, client_for):
    Site.objects.filter(site_type=sites.market).update(is_active=False)
    assert client_for(world.office_staff).post(_deactivate(sites.market), {"reason": "合并"}).status_code == 302
    sites.market.refresh_from_db()
    assert not sites.market.is_active
    assert AuditEvent.objects.for_object(sites.market).get().reason == "合并"


@pytest.mark.parametrize("persona", NON_OFFICE)
def test_unit_people_are_refused(world, sites, client_for, persona):
    client = client_for(world.personas[persona])
    before = _state()
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, {"code": "GY", "name": "公园", "sort_order": 0}).status_code == 403
    assert client.post(_edit(sites.road), {"code": "X", "name": "X", "sort_order": 0}).status_code == 403
    assert client.post(_deactivate(sites.road)).status_code == 403
    assert _state() == before


def test_it_needs_a_login(world, sites, client):
    assert client.get(LIST).status_code == 302
    assert client.post(_deactivate(sites.road)).status_code == 302


def test_wrong_methods_are_405(world, sites, client_for):
    client = client_for(world.office_staff)
    assert client.post(LIST).status_code == 405
    assert client.get(_deactivate(sites.road)).status_code == 405
    assert client.put(CREATE).status_code == 405


def test_an_unknown_type_is_404(world, client_for):
    assert client_for(world.office_staff).get(reverse("sites:type_edit", args=[99999])).status_code == 404
