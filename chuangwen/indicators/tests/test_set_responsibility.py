import pytest
from django.urls import reverse

from chuangwen.audit.models import AuditEvent
from chuangwen.indicators.tests.helpers import counts

pytestmark = pytest.mark.django_db


def _url(standard):
    return reverse("indicators:standard_responsibility", args=[standard.pk])


def test_it_sets_lead_and_responsible_units_with_one_audit_event(world, client_for, index):
    events = AuditEvent.objects.count()
    data = {"lead_unit": world.dept_b.pk, "responsible_units": [world.dept_a.pk, world.street_a.pk]}
    response = client_for(world.office_staff).post(_url(index.a), data)
    assert response.status_code == 302
    index.a.refresh_from_db()
    assert index.a.lead_unit == world.dept_b
    assert set(index.a.responsible_units.all()) == {world.dept_a, world.street_a}
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.get(event_type="standard.responsibility_set")
    assert event.before == {"lead_unit_id": world.dept_a.pk, "responsible_units": [world.district_a.pk]}
    assert event.after["lead_unit_id"] == world.dept_b.pk


def test_it_shows_the_form(world, client_for, index):
    response = client_for(world.office_admin).get(_url(index.a))
    assert response.status_code == 200
    assert "市城管局" in response.content.decode()


def test_an_unknown_unit_is_400_and_changes_nothing(world, client_for, index):
    before = counts()
    response = client_for(world.office_admin).post(_url(index.a), {"lead_unit": 99999})
    assert response.status_code == 400
    assert counts() == before
    index.a.refresh_from_db()
    assert index.a.lead_unit == world.dept_a


def test_it_denies_units_and_anonymous(world, client_for, client, index):
    before = counts()
    assert client_for(world.handler).post(_url(index.a), {"lead_unit": world.dept_b.pk}).status_code == 403
    assert client_for(world.outsider).post(_url(index.a), {"lead_unit": world.dept_b.pk}).status_code == 403
    assert client.post(_url(index.a), {"lead_unit": world.dept_b.pk}).status_code == 302
    assert counts() == before


def test_it_refuses_wrong_method(world, client_for, index):
    assert client_for(world.office_admin).patch(_url(index.a)).status_code == 405
