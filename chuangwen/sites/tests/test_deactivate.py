import pytest
from django.urls import reverse

from chuangwen.audit.models import AuditEvent
from chuangwen.sites.tests.helpers import NON_OFFICE


def _url(site):
    return reverse("sites:deactivate", args=[site.pk])


def test_it_deactivates_with_a_reason(world, sites, client_for):
    response = client_for(world.office_staff).post(_url(sites.a1), {"reason": "道路封闭改造"})
    assert response.status_code == 302
    sites.a1.refresh_from_db()
    assert not sites.a1.is_active
    event = AuditEvent.objects.for_object(sites.a1).get()
    assert (event.event_type, event.reason) == ("site.deactivated", "道路封闭改造")


def test_deactivating_twice_is_a_400(world, sites, client_for):
    client = client_for(world.office_staff)
    client.post(_url(sites.a1))
    response = client.post(_url(sites.a1))
    assert response.status_code == 400
    assert "该点位已停用" in response.content.decode()
    assert AuditEvent.objects.for_object(sites.a1).count() == 1


def test_a_too_long_reason_is_a_400(world, sites, client_for):
    response = client_for(world.office_staff).post(_url(sites.a1), {"reason": "长" * 501})
    assert response.status_code == 400
    sites.a1.refresh_from_db()
    assert sites.a1.is_active


@pytest.mark.parametrize("persona", NON_OFFICE)
def test_unit_people_are_refused(world, sites, client_for, persona):
    assert client_for(world.personas[persona]).post(_url(sites.a1)).status_code == 403
    sites.a1.refresh_from_db()
    assert sites.a1.is_active


def test_it_refuses_get(world, sites, client_for):
    assert client_for(world.office_staff).get(_url(sites.a1)).status_code == 405


def test_it_needs_a_login(world, sites, client):
    assert client.post(_url(sites.a1)).status_code == 302
    sites.a1.refresh_from_db()
    assert sites.a1.is_active
