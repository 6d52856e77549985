import pytest
from django.urls import reverse

from chuangwen.audit.models import AuditEvent
from chuangwen.sites.forms import SiteForm
from chuangwen.sites.models import Site
from chuangwen.sites.tests.helpers import NON_OFFICE


def _url(site):
    return reverse("sites:edit", args=[site.pk])


def _data(site, **extra):
    initial = SiteForm.initial_for(site)
    data = {k: ("on" if v is True else "" if v in (None, False) else v) for k, v in initial.items()}
    data["site_type"] = site.site_type_id
    data.update(extra)
    return {k: v for k, v in data.items() if v != ""}


def test_it_shows_the_form_filled_in(world, sites, client_for):
    response = client_for(world.office_staff).get(_url(sites.a1))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["territorial_unit"] == "东华街道（DA-S1）"
    assert form.initial["responsible_units"] == "市城管局（D-CG）"


def test_it_saves_changes_with_one_audit_event(world, sites, client_for):
    response = client_for(world.office_staff).post(
        _url(sites.a1), _data(sites.a1, name="东华路（东段）", responsible_units="D-CG、D-JT")
    )
    assert response.status_code == 302
    sites.a1.refresh_from_db()
    assert sites.a1.name == "东华路（东段）"
    assert set(sites.a1.responsible_units.all()) == {world.dept_a, world.dept_b}
    event = AuditEvent.objects.for_object(sites.a1).get()
    assert set(event.after) == {"name", "responsible_units"}


def test_saving_the_form_unchanged_records_nothing(world, sites, client_for):
    assert client_for(world.office_staff).post(_url(sites.a1), _data(sites.a1)).status_code == 302
    assert not AuditEvent.objects.for_object(sites.a1).exists()


def test_unticking_active_deactivates_and_ticking_reactivates(world, sites, client_for):
    client = client_for(world.office_staff)
    data = _data(sites.a2)
    data.pop("is_active")
    client.post(_url(sites.a2), data)
    sites.a2.refresh_from_db()
    assert not sites.a2.is_active
    client.post(_url(sites.a2), {**data, "is_active": "on"})
    sites.a2.refresh_from_db()
    assert sites.a2.is_active


def test_bad_input_is_a_400_and_changes_nothing(world, sites, client_for):
    before = list(Site.objects.values_list("code", "name", "lat", "territorial_unit"))
    events = AuditEvent.objects.count()
    client = client_for(world.office_staff)
    for extra in ({"code": "B1"}, {"lat": "95"}, {"territorial_unit": "D-JT"}, {"road_chief_phone": "x"}):
        response = client.post(_url(sites.a1), _data(sites.a1, **extra))
        assert response.status_code == 400, extra
    assert list(Site.objects.values_list("code", "name", "lat", "territorial_unit")) == before
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("persona", NON_OFFICE)
def test_unit_people_are_refused(world, sites, client_for, persona):
    client = client_for(world.personas[persona])
    assert client.get(_url(sites.a1)).status_code == 403
    assert client.post(_url(sites.a1), _data(sites.a1, name="改名")).status_code == 403
    sites.a1.refresh_from_db()
    assert sites.a1.name == "东华路"


def test_it_needs_a_login(world, sites, client):
    assert client.get(_url(sites.a1)).status_code == 302


def test_an_unknown_site_is_404(world, client_for):
    assert client_for(world.office_staff).get(reverse("sites:edit", args=[999999])).status_code == 404


def test_it_refuses_delete(world, sites, client_for):
    assert client_for(world.office_staff).delete(_url(sites.a1)).status_code == 405
