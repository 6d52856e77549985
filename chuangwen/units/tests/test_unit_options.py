import pytest
from django.urls import reverse

from chuangwen.testing import make_unit
from chuangwen.units.models import UnitKind

from .conftest import NON_ADMINS

pytestmark = pytest.mark.django_db
URL = reverse("units:unit_options")


def test_it_finds_grid_cells_by_name_or_code(world, admin):
    response = admin.get(URL, {"unit_search": "第一网格"})
    assert response.status_code == 200
    body = response.content.decode()
    assert f'<option value="{world.grid_a.pk}" selected>东华社区第一网格（东华社区） · 网格 · DA-S1-C1-G1' in body
    assert "DA-S1-C1-G1" in admin.get(URL, {"unit_search": "da-s1-c1-g"}).content.decode()


def test_without_text_it_offers_the_usual_units_but_no_grid_cells(world, admin):
    body = admin.get(URL).content.decode()
    assert "东城区" in body and "市城管局" in body
    assert f'value="{world.grid_a.pk}"' not in body


def test_it_skips_inactive_units_and_caps_the_list(world, admin):
    make_unit(UnitKind.WINDOW, "旧窗口", world.dept_a, is_active=False)
    assert "旧窗口" not in admin.get(URL, {"unit_search": "旧窗口"}).content.decode()
    for i in range(55):
        make_unit(UnitKind.GRID, f"测试网格{i}", world.community_a)
    body = admin.get(URL, {"unit_search": "测试网格"}).content.decode()
    assert body.count("测试网格") == 50
    assert "仅显示前 50 个" in body


def test_the_people_form_has_the_search_box(world, admin):
    body = admin.get(reverse("units:user_create")).content.decode()
    assert f'hx-get="{URL}"' in body and 'name="unit_search"' in body


def test_wrong_method_is_405(world, admin):
    assert admin.post(URL).status_code == 405


@pytest.mark.parametrize("persona", NON_ADMINS)
def test_non_admins_are_denied(world, client_for, persona):
    assert client_for(world.personas[persona]).get(URL, {"unit_search": "东"}).status_code == 403


def test_anonymous_is_sent_to_login(client):
    assert client.get(URL).status_code == 302
