import pytest
from django.urls import reverse

from chuangwen.indicators import services
from chuangwen.indicators.tests.helpers import counts

pytestmark = pytest.mark.django_db
URL = reverse("indicators:tree")
# session, user, editions, nodes, standards, 2 prefetches, unit and site type options, user.unit (base.html)
TREE_QUERIES = 11


def _codes(response) -> set[str]:
    return {
        s.code
        for cat in response.context["roots"]
        for ind in cat.children
        for con in ind.children
        for s in con.standards
    }


def _more_standards(world, index, site_types, n):
    for i in range(n):
        services.create_standard(
            world.office_admin,
            index.content,
            code=f"X{i}",
            text=f"标准{i}",
            points="1",
            methods=["field"],
            site_types=[site_types.road, site_types.market],
            lead_unit=world.dept_a,
            responsible_units=[world.dept_b, world.district_a],
        )


@pytest.mark.parametrize("persona", ["office_admin", "office_staff", "leader", "inspector", "district_officer"])
def test_whole_city_readers_see_every_standard(world, client_for, index, persona):
    response = client_for(getattr(world, persona)).get(URL)
    assert response.status_code == 200
    assert response.context["edition"] == index.edition
    assert _codes(response) == {"S1", "S2", "S3"}
    body = response.content.decode()
    for text in (
        "公共环境",
        "市容环境",
        "主次干道",
        "路面整洁，无乱扔垃圾",
        "市城管局",
        "东城区",
        "负面清单",
        "实地考察",
    ):
        assert text in body


@pytest.mark.parametrize(
    ("persona", "codes"), [("handler", {"S1", "S2"}), ("unit_head", {"S1", "S2"}), ("outsider", {"S2", "S3"})]
)
def test_units_see_only_what_they_lead_or_answer_for(world, client_for, index, persona, codes):
    response = client_for(getattr(world, persona)).get(URL)
    assert response.status_code == 200
    assert _codes(response) == codes
    assert "仅显示本单位" in response.content.decode()


def test_units_get_no_edit_links(world, client_for, index):
    body = client_for(world.handler).get(URL).content.decode()
    assert reverse("indicators:standard_edit", args=[index.a.pk]) not in body
    assert (
        reverse("indicators:standard_edit", args=[index.a.pk])
        in client_for(world.office_admin).get(URL).content.decode()
    )


def test_grid_workers_are_denied(world, client_for, index):
    assert client_for(world.grid_worker).get(URL).status_code == 403


def test_anonymous_is_sent_to_login(client, index):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_wrong_method_is_405(world, client_for, index):
    assert client_for(world.office_admin).post(URL).status_code == 405


@pytest.mark.parametrize(
    ("params", "codes"),
    [
        ({"method": "material"}, {"S2", "S3"}),
        ({"method": "survey"}, set()),
        ({"unit": "DEPT_A"}, {"S1", "S2"}),
        ({"unit": "DISTRICT_A"}, {"S1"}),
        ({"site_type": "MKT"}, {"S2"}),
        ({"q": "公益广告"}, {"S2"}),
        ({"q": "市容环境"}, {"S1", "S2", "S3"}),
        ({"q": "s3"}, {"S3"}),
        ({"method": "field", "unit": "DEPT_B"}, {"S2"}),
    ],
)
def test_filters(world, client_for, index, site_types, params, codes):
    ids = {
        "DEPT_A": world.dept_a.pk,
        "DEPT_B": world.dept_b.pk,
        "DISTRICT_A": world.district_a.pk,
        "MKT": site_types.market.pk,
    }
    query = {k: ids.get(v, v) for k, v in params.items()}
    response = client_for(world.office_admin).get(URL, query)
    assert response.status_code == 200
    assert _codes(response) == codes
    assert response.context["filtered"]


def test_filters_keep_unit_visibility(world, client_for, index):
    response = client_for(world.outsider).get(URL, {"unit": world.dept_a.pk})
    assert _codes(response) == {"S2"}


def test_bad_filter_input_is_400(world, client_for, index):
    client = client_for(world.office_admin)
    assert client.get(URL, {"unit": "abc"}).status_code == 400
    assert client.get(URL, {"method": "magic"}).status_code == 400
    assert client.get(URL, {"edition": 99999}).status_code == 404


def test_it_selects_an_edition_and_defaults_to_the_active_one(world, client_for, index):
    other = services.create_edition(world.office_admin, code="E2024", name="2024年版", year=2024)
    client = client_for(world.office_admin)
    assert client.get(URL).context["edition"] == index.edition
    response = client.get(URL, {"edition": other.pk})
    assert response.context["edition"] == other
    assert response.context["roots"] == []
    assert "该版本还没有内容" in response.content.decode()


def test_no_edition_yet(world, client_for):
    response = client_for(world.office_admin).get(URL)
    assert response.status_code == 200
    assert "还没有测评体系版本" in response.content.decode()


def test_htmx_gets_only_the_tree_fragment(world, client_for, index):
    response = client_for(world.office_admin).get(URL, {"q": "公益"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="tree-body"')
    assert "<html" not in body
    assert "HX-Request" in response["Vary"]


def test_query_count_does_not_grow_with_standards(world, client_for, index, site_types, django_assert_num_queries):
    client = client_for(world.office_admin)
    with django_assert_num_queries(TREE_QUERIES):
        client.get(URL)
    _more_standards(world, index, site_types, 25)
    with django_assert_num_queries(TREE_QUERIES):
        response = client.get(URL)
    assert len(_codes(response)) == 28
    handler = client_for(world.handler)
    with django_assert_num_queries(TREE_QUERIES):
        handler.get(URL, {"method": "field", "q": "标准", "unit": world.dept_a.pk, "site_type": site_types.road.pk})


def test_reading_changes_nothing(world, client_for, index):
    before = counts()
    client_for(world.office_admin).get(URL)
    assert counts() == before


def test_unit_filter_offers_only_units_of_visible_standards(world, client_for, index):
    options = client_for(world.handler).get(URL).context["unit_options"]
    assert set(options) == {world.dept_a, world.dept_b, world.district_a}
    options = client_for(world.outsider).get(URL).context["unit_options"]
    assert set(options) == {world.dept_a, world.dept_b}
