import pytest
from django.urls import reverse

from chuangwen.testing import make_edition, make_site, make_site_type, make_standard

pytestmark = pytest.mark.django_db
URL = reverse("home")


@pytest.fixture
def city(world):
    """Unit A (dept_a) leads one standard and answers for one site; unit B has its own."""
    edition = make_edition()
    road = make_site_type(name="主次干道")
    make_standard(edition, lead_unit=world.dept_a, site_types=[road])
    make_standard(edition, lead_unit=world.dept_b, site_types=[road])
    make_site(road, world.community_a, responsible=[world.dept_a], name="解放大道")
    make_site(road, world.street_b, responsible=[world.dept_b], name="西华路")
    make_site(road, world.street_b, responsible=[], name="无人包保路")
    return world


def _cards(response) -> dict[str, int]:
    return {str(c["label"]): c["value"] for c in response.context["cards"]}


def _attention(response) -> dict[str, int]:
    return {a.text: a.count for a in response.context["attention"]}


def test_it_shows_the_office_the_city_and_its_gaps(city, client_for):
    response = client_for(city.office_staff).get(URL)
    assert response.status_code == 200
    cards = _cards(response)
    assert cards["点位"] == 3
    assert cards["测评标准"] == 2
    attention = _attention(response)
    assert attention["点位未落实包保单位"] == 1
    assert "责任单位缺少联络员或联络电话" in attention
    assert "最近操作" in response.content.decode()


def test_it_shows_a_handler_only_their_unit(city, client_for):
    response = client_for(city.handler).get(URL)
    cards = _cards(response)
    assert cards == {"本单位牵头或负责的测评标准": 1, "本单位负责的点位": 1}
    body = response.content.decode()
    assert "最近操作" not in body
    assert "本单位联络员信息不全" in body


def test_the_outsider_sees_nothing_of_unit_a(city, client_for):
    response = client_for(city.outsider).get(URL)
    body = response.content.decode()
    assert _cards(response) == {"本单位牵头或负责的测评标准": 1, "本单位负责的点位": 1}
    assert "解放大道" not in body
    assert "市城管局" not in body


def test_a_district_officer_sees_their_district(city, client_for):
    response = client_for(city.district_officer).get(URL)
    assert _cards(response)["辖区点位"] == 1
    assert "辖区点位未落实包保单位" not in _attention(response)


def test_office_without_an_edition_is_told_to_import_one(world, client_for):
    response = client_for(world.office_admin).get(URL)
    assert "尚未启用测评体系：请导入并启用" in _attention(response)


@pytest.mark.parametrize("persona", ["inspector", "leader", "grid_worker", "unit_head", "office_admin"])
def test_it_renders_for_every_role(city, client_for, persona):
    assert client_for(city.personas[persona]).get(URL).status_code == 200


def test_it_refuses_post(city, client_for):
    assert client_for(city.office_staff).post(URL).status_code == 405


def test_query_count_does_not_grow_with_sites(city, client_for, django_assert_max_num_queries):
    client = client_for(city.office_admin)
    with django_assert_max_num_queries(20):
        client.get(URL)
    road = make_site_type(name="背街小巷")
    for _ in range(30):
        make_site(road, city.community_a)
    with django_assert_max_num_queries(20):
        client.get(URL)


def test_the_office_and_the_unit_see_their_problem_queues(world, client_for):
    from chuangwen.problems import services
    from chuangwen.problems.models import Source

    road = make_site_type(name="背街小巷")
    site = make_site(road, world.community_a, responsible=[world.dept_a])
    first = services.create_problem(world.office_staff, source=Source.HOTLINE, description="垃圾堆放", site=site)
    services.create_problem(world.office_staff, source=Source.HOTLINE, description="乱贴广告", site=site)
    services.assign_problem(world.office_staff, first)
    office = _attention(client_for(world.office_staff).get(URL))
    assert office["待分派的问题"] == 1
    unit = _attention(client_for(world.handler).get(URL))
    assert unit["新交办待签收的问题"] == 1
    assert "新交办待签收的问题" not in _attention(client_for(world.outsider).get(URL))
