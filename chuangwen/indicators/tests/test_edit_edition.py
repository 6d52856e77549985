import pytest
from django.urls import reverse

from chuangwen.audit.models import AuditEvent
from chuangwen.indicators import services
from chuangwen.indicators.tests.helpers import counts

pytestmark = pytest.mark.django_db


def _url(edition):
    return reverse("indicators:edition_edit", args=[edition.pk])


def test_it_updates_and_audits_only_the_changes(world, client_for, index):
    response = client_for(world.office_staff).post(
        _url(index.edition), {"code": "E2021", "name": "2021年版（修订）", "year": "2021", "notes": ""}
    )
    assert response.status_code == 302
    index.edition.refresh_from_db()
    assert index.edition.name == "2021年版（修订）"
    event = AuditEvent.objects.filter(event_type="edition.updated").get()
    assert event.before == {"name": "2021年版"}
    assert event.after == {"name": "2021年版（修订）"}


def test_it_shows_current_values(world, client_for, index):
    response = client_for(world.office_admin).get(_url(index.edition))
    assert response.status_code == 200
    assert "2021年版" in response.content.decode()


def test_it_refuses_a_code_taken_by_another_edition(world, client_for, index):
    services.create_edition(world.office_admin, code="E2024", name="2024", year=2024)
    before = counts()
    response = client_for(world.office_admin).post(_url(index.edition), {"code": "E2024", "name": "x", "year": "2021"})
    assert response.status_code == 400
    assert counts() == before
    index.edition.refresh_from_db()
    assert index.edition.code == "E2021"


def test_it_denies_outsider_and_redirects_anonymous(world, client_for, client, index):
    assert client_for(world.outsider).get(_url(index.edition)).status_code == 403
    assert client.get(_url(index.edition)).status_code == 302


def test_it_answers_404_for_unknown_edition(world, client_for):
    assert client_for(world.office_admin).get(reverse("indicators:edition_edit", args=[999])).status_code == 404


def test_it_lists_editions_for_office_only(world, client_for, index):
    url = reverse("indicators:edition_list")
    response = client_for(world.office_admin).get(url)
    assert response.status_code == 200
    assert "2021年版" in response.content.decode()
    assert client_for(world.leader).get(url).status_code == 403
    assert client_for(world.office_admin).post(url).status_code == 405
