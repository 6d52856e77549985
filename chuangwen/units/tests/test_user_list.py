import pytest
from django.urls import reverse

from chuangwen.testing import make_user
from chuangwen.units import services
from chuangwen.units.models import Role

from .conftest import NON_ADMINS

pytestmark = pytest.mark.django_db
URL = reverse("units:user_list")


def _usernames(response):
    return [u.username for u in response.context["page"]]


def test_it_lists_everybody_by_username(world, admin):
    response = admin.get(URL)
    assert response.status_code == 200
    assert _usernames(response) == sorted(p.username for p in world.personas.values())
    assert response.context["section"] == "users"
    assert "东华社区第一网格" in response.content.decode()


def test_it_searches_username_name_and_phone(world, admin):
    make_user("zhang3", Role.INSPECTOR, name="张三", phone="13712345678")
    assert _usernames(admin.get(URL, {"q": "张三"})) == ["zhang3"]
    assert _usernames(admin.get(URL, {"q": "ZHANG"})) == ["zhang3"]
    assert _usernames(admin.get(URL, {"q": "2345"})) == ["zhang3"]


def test_it_filters_by_role_unit_subtree_and_state(world, admin):
    assert _usernames(admin.get(URL, {"role": Role.UNIT_HANDLER})) == ["handler", "outsider"]
    assert _usernames(admin.get(URL, {"unit": world.dept_a.pk})) == ["handler", "unit_head"]
    assert _usernames(admin.get(URL, {"unit": world.district_a.pk})) == ["district_officer"]
    assert _usernames(admin.get(URL, {"unit": world.district_a.pk, "subtree": "1"})) == [
        "district_officer",
        "grid_worker",
    ]
    services.update_user(world.office_admin, world.outsider, is_active=False)
    assert _usernames(admin.get(URL, {"active": "0"})) == ["outsider"]
    assert "outsider" not in _usernames(admin.get(URL, {"active": "1"}))


def test_it_paginates(world, admin):
    for i in range(60):
        make_user(f"p{i:02d}", Role.INSPECTOR)
    first = admin.get(URL)
    assert len(first.context["page"]) == 50
    second = admin.get(URL, {"page": 2})
    assert len(second.context["page"]) == 60 + 9 - 50
    assert "page=2" in first.content.decode()


def test_query_count_is_pinned(world, admin, django_assert_num_queries):
    for i in range(60):
        make_user(f"p{i:02d}", Role.UNIT_HANDLER, world.dept_b)
    # session, user, user's unit (menu), unit choices, count, page with units
    with django_assert_num_queries(7):
        assert admin.get(URL, {"role": Role.UNIT_HANDLER}).status_code == 200


def test_bad_filter_is_a_400(world, admin):
    response = admin.get(URL, {"role": "emperor"})
    assert response.status_code == 400
    assert _usernames(response) == []


def test_wrong_method_is_405(world, admin):
    assert admin.post(URL).status_code == 405


@pytest.mark.parametrize("persona", NON_ADMINS)
def test_non_admins_are_denied(world, client_for, persona):
    assert client_for(world.personas[persona]).get(URL).status_code == 403


def test_anonymous_is_sent_to_login(client):
    assert client.get(URL).status_code == 302
