import pytest
from django.urls import reverse

from chuangwen.testing import make_unit, make_user
from chuangwen.units.models import Role, Unit, UnitKind

from .conftest import NON_ADMINS

pytestmark = pytest.mark.django_db
URL = reverse("units:unit_list")


def _names_in_order_ctx(context):
    return [row.unit.name for row in context["rows"]]


def _names_in_order(response):
    return _names_in_order_ctx(response.context)


def test_it_shows_the_tree_territorial_first_then_functional(world, admin):
    response = admin.get(URL)
    assert response.status_code == 200
    names = _names_in_order(response)
    assert names[:7] == ["示范市", "东城区", "东华街道", "东华社区", "东华社区第一网格", "西城区", "西华街道"]
    assert names[7:] == ["市城管局", "市交通局"]
    indents = {row.unit.name: row.indent for row in response.context["rows"]}
    assert indents["示范市"] == 0 and indents["东华社区第一网格"] == 4 and indents["市城管局"] == 0
    body = response.content.decode()
    assert "属地单位" in body and "职能单位" in body
    assert "张局长" in body and "13800000001" in body
    assert response.context["section"] == "units"


def test_it_searches_by_name_or_code_and_shows_the_trail(world, admin):
    response = admin.get(URL, {"q": "东华"})
    assert _names_in_order(response) == ["东华街道", "东华社区", "东华社区第一网格"]
    assert response.context["rows"][1].trail == ["示范市", "东城区", "东华街道"]
    assert _names_in_order(admin.get(URL, {"q": "d-cg"})) == ["市城管局"]


def test_it_filters_by_kind_group_and_status(world, admin):
    assert _names_in_order(admin.get(URL, {"kind": "street"})) == ["东华街道", "西华街道"]
    assert _names_in_order(admin.get(URL, {"kind": "functional"})) == ["市城管局", "市交通局"]
    assert len(_names_in_order(admin.get(URL, {"kind": "territorial"}))) == 7
    assert "东华社区第一网格" not in _names_in_order(admin.get(URL, {"kind": "territorial_no_grid"}))
    make_unit(UnitKind.WINDOW, "市民之家", world.dept_a, is_active=False)
    assert _names_in_order(admin.get(URL, {"status": "inactive"})) == ["市民之家"]
    assert "市民之家" not in _names_in_order(admin.get(URL, {"status": "active"}))


def test_it_counts_active_members(world, admin):
    make_user("gone", Role.UNIT_HANDLER, world.dept_a, is_active=False)
    rows = {row.unit.name: row.unit.member_count for row in admin.get(URL).context["rows"]}
    assert rows["市城管局"] == 2  # handler and unit_head; the inactive one is not counted
    assert rows["东华社区第一网格"] == 1


def test_bad_kind_is_a_400(world, admin):
    response = admin.get(URL, {"kind": "planet"})
    assert response.status_code == 400
    assert "筛选条件有误" in response.content.decode()


def _big_city(world, n_streets=20, n_communities=50):
    """1,000+ units under district A."""
    for s in range(n_streets):
        street = make_unit(UnitKind.STREET, f"街道{s}", world.district_a, code=f"BIG-S{s}")
        for c in range(n_communities):
            make_unit(UnitKind.COMMUNITY, f"社区{s}-{c}", street, code=f"BIG-S{s}-C{c}", liaison_phone="13900000000")


@pytest.mark.parametrize("params", [{}, {"q": "社区1"}, {"kind": "community", "page": "2"}])
def test_query_count_does_not_grow_with_units(world, admin, django_assert_num_queries, params):
    _big_city(world)
    # session, user, user's unit (menu), the outline, the page's units with member counts
    with django_assert_num_queries(6):
        response = admin.get(URL, params)
    assert response.status_code == 200
    assert len(response.context["rows"]) == 200


def test_it_paginates_in_tree_order(world, admin):
    _big_city(world, n_streets=4, n_communities=50)
    page2 = admin.get(URL, {"page": 2}).context
    assert page2["page"].number == 2
    assert page2["page"].paginator.count == 9 + 4 * 51
    page1 = admin.get(URL).context
    outline = [row.name for row in Unit.objects.outline()]
    assert _names_in_order_ctx(page1) + _names_in_order_ctx(page2) == outline
    assert page2["rows"][0].indent == 3  # a community: city, district, street, community


def test_wrong_method_is_405(world, admin):
    assert admin.post(URL).status_code == 405


@pytest.mark.parametrize("persona", NON_ADMINS)
def test_non_admins_are_denied(world, client_for, persona):
    assert client_for(world.personas[persona]).get(URL).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
