import pytest
from django.urls import reverse

from chuangwen.audit.models import AuditEvent
from chuangwen.indicators import services
from chuangwen.indicators.models import Edition
from chuangwen.indicators.tests.helpers import counts

pytestmark = pytest.mark.django_db


def _url(edition):
    return reverse("indicators:edition_activate", args=[edition.pk])


@pytest.fixture
def two(world):
    old = services.create_edition(world.office_admin, code="E2021", name="2021", year=2021)
    services.activate_edition(world.office_admin, old)
    new = services.create_edition(world.office_admin, code="E2024", name="2024", year=2024)
    return old, new


def test_it_activates_exactly_one_edition_with_one_audit_event(world, client_for, two):
    old, new = two
    events = AuditEvent.objects.count()
    response = client_for(world.office_staff).post(_url(new))
    assert response.status_code == 302
    assert list(Edition.objects.filter(is_active=True)) == [new]
    assert Edition.active() == new
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.get(event_type="edition.activated", object_id=str(new.pk))
    assert event.before == {"active_edition": old.pk}
    assert event.after == {"active_edition": new.pk}


def test_activating_the_active_edition_changes_nothing(world, client_for, two):
    old, _new = two
    before = counts()
    assert client_for(world.office_admin).post(_url(old)).status_code == 302
    assert counts() == before


def test_it_refuses_get(world, client_for, two):
    assert client_for(world.office_admin).get(_url(two[1])).status_code == 405


@pytest.mark.parametrize("persona", ["outsider", "handler", "leader", "district_officer"])
def test_it_denies_non_office(world, client_for, two, persona):
    before = counts()
    assert client_for(getattr(world, persona)).post(_url(two[1])).status_code == 403
    assert counts() == before
    assert Edition.active() == two[0]


def test_it_redirects_anonymous(client, two):
    assert client.post(_url(two[1])).status_code == 302
    assert Edition.active() == two[0]


def test_it_answers_404_for_unknown_edition(world, client_for):
    assert client_for(world.office_admin).post(reverse("indicators:edition_activate", args=[999])).status_code == 404
