import pytest
from django.urls import reverse

from .conftest import NON_ADMINS

pytestmark = pytest.mark.django_db


def _url(unit):
    return reverse("units:unit_detail", args=[unit.pk])


def test_it_shows_ancestors_children_and_members(world, admin):
    response = admin.get(_url(world.district_a))
    assert response.status_code == 200
    assert [u.name for u in response.context["ancestors"]] == ["示范市"]
    assert [u.name for u in response.context["children"]] == ["东华街道"]
    assert [m.username for m in response.context["members"]] == ["district_officer"]
    body = response.content.decode()
    assert "新建下级单位" in body
    assert f"?parent={world.district_a.pk}" in body


def test_a_grid_offers_no_children(world, admin):
    response = admin.get(_url(world.grid_a))
    assert response.status_code == 200
    assert "新建下级单位" not in response.content.decode()
    assert [m.username for m in response.context["members"]] == ["grid_worker"]


def test_unknown_unit_is_404(world, admin):
    assert admin.get(reverse("units:unit_detail", args=[999999])).status_code == 404


def test_wrong_method_is_405(world, admin):
    assert admin.post(_url(world.city)).status_code == 405


@pytest.mark.parametrize("persona", NON_ADMINS)
def test_non_admins_are_denied(world, client_for, persona):
    assert client_for(world.personas[persona]).get(_url(world.dept_a)).status_code == 403


def test_anonymous_is_sent_to_login(world, client):
    assert client.get(_url(world.city)).status_code == 302
