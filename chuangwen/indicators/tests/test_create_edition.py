import pytest
from django.urls import reverse

from chuangwen.audit.models import AuditEvent
from chuangwen.indicators import services
from chuangwen.indicators.models import Edition
from chuangwen.indicators.tests.helpers import counts
from chuangwen.lib.errors import DomainError, PermissionDenied

pytestmark = pytest.mark.django_db
URL = reverse("indicators:edition_create")
DATA = {"code": "E2026", "name": "2026年版", "year": "2026", "notes": "试行"}


def test_it_creates_an_inactive_edition_with_one_audit_event(world, client_for):
    response = client_for(world.office_staff).post(URL, DATA)
    edition = Edition.objects.get(code="E2026")
    assert response.status_code == 302
    assert response["Location"].endswith(f"?edition={edition.pk}")
    assert (edition.name, edition.year, edition.is_active) == ("2026年版", 2026, False)
    (event,) = AuditEvent.objects.for_object(edition)
    assert event.event_type == "edition.created"
    assert event.actor == world.office_staff
    assert event.after["code"] == "E2026"


def test_it_shows_the_form(world, client_for):
    response = client_for(world.office_admin).get(URL)
    assert response.status_code == 200
    assert "版本编码" in response.content.decode()


def test_it_refuses_a_duplicate_code_with_400_and_changes_nothing(world, client_for):
    services.create_edition(world.office_admin, code="E2026", name="旧", year=2026)
    before = counts()
    response = client_for(world.office_admin).post(URL, DATA)
    assert response.status_code == 400
    assert "版本编码“E2026”已存在" in response.content.decode()
    assert counts() == before


def test_it_refuses_a_bad_year(world, client_for):
    before = counts()
    response = client_for(world.office_admin).post(URL, {**DATA, "year": "1800"})
    assert response.status_code == 400
    assert counts() == before


@pytest.mark.parametrize("persona", ["handler", "unit_head", "outsider", "leader", "inspector", "district_officer"])
def test_it_denies_everyone_but_office(world, client_for, persona):
    before = counts()
    assert client_for(getattr(world, persona)).post(URL, DATA).status_code == 403
    assert counts() == before


def test_it_redirects_anonymous_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_it_refuses_wrong_method(world, client_for):
    assert client_for(world.office_admin).put(URL).status_code == 405


def test_service_checks_the_actor_and_the_rules(world):
    with pytest.raises(PermissionDenied):
        services.create_edition(world.handler, code="X", name="X", year=2026)
    with pytest.raises(DomainError) as exc:
        services.create_edition(world.office_admin, code="  ", name="X", year=2026)
    assert exc.value.field == "code"
    assert not Edition.objects.exists()
