"""The problem list: what each person sees, the filters, search, pagination."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from chuangwen.problems.tests.pages_support import Spread, build_spread

pytestmark = pytest.mark.django_db
URL = reverse("problems:list")


@pytest.fixture
def spread(world, place) -> Spread:
    return build_spread(world, place)


def _codes(response) -> set[str]:
    return {p.code for p in response.context["page"].object_list}


def test_it_lists_every_problem_for_the_office(world, client_for, spread):
    response = client_for(world.office_staff).get(URL)
    assert response.status_code == 200
    assert response.context["section"] == "problems"
    assert _codes(response) == spread.unit_a | spread.unit_b | {spread.a_new.code}
    html = response.content.decode()
    assert "超期4天" in html and "待分派" in html and "市城管局" in html and "12345热线" in html


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("handler", "unit_a"),
        ("unit_head", "unit_a"),
        ("outsider", "unit_b"),
        ("district_officer", "district_a"),
        ("leader", "all"),
        ("inspector", "none"),
        ("grid_worker", "none"),
    ],
)
def test_it_shows_each_person_what_they_may_see(world, client_for, spread, persona, expected):
    everything = spread.unit_a | spread.unit_b | {spread.a_new.code}
    wanted = {
        "unit_a": spread.unit_a,
        "unit_b": spread.unit_b,
        "district_a": spread.unit_a | {spread.a_new.code},
        "all": everything,
        "none": set(),
    }[expected]
    assert _codes(client_for(world.personas[persona]).get(URL)) == wanted


def test_it_lets_the_outsider_find_nothing_of_unit_a(world, client_for, spread):
    client = client_for(world.outsider)
    for q in ("东华路", spread.a_assigned.code, "占道"):
        assert _codes(client.get(URL, {"q": q})) == set()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "new"}, {"a_new"}),
        ({"status": "open"}, {"a_new", "a_assigned", "a_overdue", "a_submitted", "b_assigned"}),
        ({"status": "ended"}, {"b_closed"}),
        ({"source": "grid"}, {"b_assigned"}),
        ({"source": "hotline"}, {"a_new"}),
        ({"severity": "urgent"}, {"a_overdue"}),
        ({"overdue": "1"}, {"a_overdue"}),
        ({"pending": "any"}, set()),
        ({"q": "井盖"}, {"a_overdue"}),
        ({"q": "西华路 路灯"}, {"b_closed"}),
        ({"q": "站"}, {"b_assigned"}),
    ],
)
def test_it_filters(world, client_for, spread, params, expected):
    response = client_for(world.office_staff).get(URL, params)
    assert response.status_code == 200
    assert _codes(response) == {getattr(spread, name).code for name in expected}


def test_it_filters_by_units_category_standard_and_dates(world, client_for, spread, place):
    client = client_for(world.office_staff)
    assert _codes(client.get(URL, {"unit": world.dept_b.pk})) == spread.unit_b
    assert _codes(client.get(URL, {"unit": world.city.pk})) == spread.unit_a | spread.unit_b  # 含下级
    assert _codes(client.get(URL, {"district": world.district_a.pk})) == spread.unit_a | {spread.a_new.code}
    assert _codes(client.get(URL, {"category": spread.category.pk})) == {spread.a_assigned.code}
    assert _codes(client.get(URL, {"standard": place.standard.code})) == {spread.a_overdue.code}
    today = timezone.localdate().isoformat()
    assert len(_codes(client.get(URL, {"created_from": today, "created_to": today}))) == 6
    assert _codes(client.get(URL, {"created_to": "2020-01-01"})) == set()


def test_it_offers_the_district_officer_only_their_district(world, client_for, spread):
    choices = client_for(world.district_officer).get(URL).context["choices"]
    assert [d.pk for d in choices["districts"]] == [world.district_a.pk]
    assert world.street_b.pk not in {pk for pk, _name in choices["units"]}


def test_it_gives_units_no_unit_filters(world, client_for, spread):
    response = client_for(world.handler).get(URL)
    assert not response.context["choices"]["unit_filters"]
    assert 'name="district"' not in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"status": "nonsense"}, "状态“nonsense”无效"),
        ({"district": "abc"}, "请选择有效的选项"),
        ({"district": 999999}, "所选单位不存在"),
        ({"created_from": "2026-02-31"}, "请输入有效的日期"),
        ({"created_from": "2026-03-02", "created_to": "2026-03-01"}, "结束日期不能早于开始日期"),
    ],
)
def test_it_answers_a_bad_filter_with_400_and_a_chinese_message(world, client_for, spread, params, message):
    response = client_for(world.office_staff).get(URL, params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_it_paginates_fifty_a_page(world, client_for, place):
    from chuangwen.problems import services
    from chuangwen.problems.models import Source

    for n in range(55):
        services.create_problem(world.office_staff, source=Source.INSPECTION, description=f"问题{n}", site=place.site)
    client = client_for(world.office_staff)
    first = client.get(URL)
    assert len(first.context["page"].object_list) == 50 and first.context["page"].paginator.count == 55
    assert len(client.get(URL, {"page": 2}).context["page"].object_list) == 5


def test_it_keeps_the_filters_in_the_export_link(world, client_for, spread):
    html = client_for(world.office_staff).get(URL, {"status": "new", "q": "垃圾"}).content.decode()
    assert reverse("problems:export") + "?q=%E5%9E%83%E5%9C%BE&amp;status=new" in html


def test_it_offers_registering_to_creators_only(world, client_for, spread):
    assert reverse("problems:create") in client_for(world.inspector).get(URL).content.decode()
    assert reverse("problems:create") not in client_for(world.handler).get(URL).content.decode()


def test_it_needs_a_login(world, client):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("login") in response.url


def test_it_refuses_post(world, client_for):
    assert client_for(world.office_staff).post(URL).status_code == 405
