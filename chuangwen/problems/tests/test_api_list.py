"""GET /api/problems: what each persona sees, the filters, pagination, and a fixed query count."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from chuangwen.problems import services
from chuangwen.problems.models import Problem, Source, Status
from chuangwen.problems.tests.api_support import PERSONAS, api_client, problem_url

pytestmark = pytest.mark.django_db


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.json()
    return [item["id"] for item in response.json()["items"]]


@pytest.fixture
def hotline(world):
    """A 12345 problem in district B, assigned to unit B."""
    problem = services.create_problem(
        world.office_staff, source=Source.HOTLINE, description="西华街道夜间施工噪音", address="西华路8号"
    )
    return services.assign_problem(world.office_staff, problem, unit=world.dept_b, reason="交通局负责")


# Who sees the in-progress problem of unit A (district A) and the hotline problem of unit B.
SEES_A = {"office_admin", "office_staff", "leader", "district_officer", "handler", "unit_head"}
SEES_B = {"office_admin", "office_staff", "leader", "outsider"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_sees_the_problems_it_may(world, in_progress, hotline, persona):
    ids = _ids(api_client(world.personas[persona]).get(problem_url()))
    expected = {in_progress.pk} if persona in SEES_A else set()
    expected |= {hotline.pk} if persona in SEES_B else set()
    assert set(ids) == expected


def test_the_outsider_sees_none_of_unit_a(world, in_progress):
    response = api_client(world.outsider).get(problem_url())
    assert response.json() == {"count": 0, "limit": 20, "offset": 0, "items": []}


def test_an_inspector_sees_what_it_registered(world):
    mine = services.create_problem(
        world.inspector, source=Source.INSPECTION, description="广告牌破损", address="东华路5号"
    )
    assert _ids(api_client(world.inspector).get(problem_url())) == [mine.pk]


def test_it_gives_compact_items(world, in_progress):
    item = api_client(world.office_staff).get(problem_url()).json()["items"][0]
    assert item["code"] == in_progress.code
    assert item["status"] == Status.IN_PROGRESS and item["status_label"] == "整改中"
    assert item["responsible_unit"] == {"id": world.dept_a.pk, "name": "市城管局"}
    assert item["district"] == {"id": world.district_a.pk, "name": "东城区"}
    assert item["is_overdue"] is False
    assert "photos" not in item and "allowed_actions" not in item


def test_it_filters_by_status_source_unit_and_district(world, new_problem, in_progress, hotline):
    client = api_client(world.office_staff)
    assert _ids(client.get(problem_url(), {"status": "in_progress"})) == [in_progress.pk]
    assert set(_ids(client.get(problem_url(), {"status": "open"}))) == {in_progress.pk, hotline.pk}
    assert _ids(client.get(problem_url(), {"source": "hotline"})) == [hotline.pk]
    assert _ids(client.get(problem_url(), {"unit": world.dept_b.pk})) == [hotline.pk]
    assert _ids(client.get(problem_url(), {"district": world.district_a.pk})) == [in_progress.pk]


def test_it_filters_overdue_problems(world, in_progress, hotline):
    with time_machine.travel(timezone.now() + datetime.timedelta(days=40)):
        ids = _ids(api_client(world.office_staff).get(problem_url(), {"overdue": "true"}))
        item = api_client(world.office_staff).get(problem_url(), {"overdue": "true"}).json()["items"][0]
    assert set(ids) == {in_progress.pk, hotline.pk}
    assert item["is_overdue"] is True
    assert _ids(api_client(world.office_staff).get(problem_url(), {"overdue": "true"})) == []


def test_it_searches_chinese_text(world, in_progress, hotline):
    client = api_client(world.office_staff)
    assert _ids(client.get(problem_url(), {"q": "占道经营"})) == [in_progress.pk]
    assert _ids(client.get(problem_url(), {"q": "噪音"})) == [hotline.pk]
    assert _ids(client.get(problem_url(), {"q": hotline.code})) == [hotline.pk]


def test_it_filters_by_registration_day(world, in_progress):
    client = api_client(world.office_staff)
    today = timezone.localdate()
    assert _ids(client.get(problem_url(), {"created_after": today, "created_before": today})) == [in_progress.pk]
    assert _ids(client.get(problem_url(), {"created_after": today + datetime.timedelta(days=1)})) == []
    assert _ids(client.get(problem_url(), {"created_before": today - datetime.timedelta(days=1)})) == []


def test_it_paginates(world):
    problems = [
        services.create_problem(world.office_staff, source=Source.INSPECTION, description=f"问题{i}", address="路")
        for i in range(5)
    ]
    client = api_client(world.office_staff)
    page = client.get(problem_url(), {"limit": 2, "offset": 1}).json()
    assert page["count"] == 5 and page["limit"] == 2 and page["offset"] == 1
    assert [i["id"] for i in page["items"]] == [problems[3].pk, problems[2].pk]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 101}, "limit"),
        ({"limit": 0}, "limit"),
        ({"offset": -1}, "offset"),
        ({"unit": "东城区"}, "unit"),
        ({"created_after": "2026-13-40"}, "created_after"),
        ({"q": "x" * 101}, "q"),
    ],
)
def test_it_answers_422_for_malformed_filters(world, params, field):
    response = api_client(world.office_staff).get(problem_url(), params)
    assert response.status_code == 422
    assert response.json()["field"] == field
    assert response.json()["detail"]


@pytest.mark.parametrize(
    ("params", "field"),
    [({"status": "lost"}, "status"), ({"source": "rumour"}, "source"), ({"unit": 999999}, "unit")],
)
def test_it_answers_400_for_unknown_filter_values(world, params, field):
    response = api_client(world.office_staff).get(problem_url(), params)
    assert response.status_code == 400
    assert response.json()["field"] == field


def test_the_list_keeps_a_fixed_number_of_queries(world, place, django_assert_num_queries):
    client = api_client(world.office_staff)
    client.get(problem_url())  # the token's last use is recorded once
    for i in range(30):
        problem = services.create_problem(
            world.office_staff, source=Source.INSPECTION, description=f"问题{i}", site=place.site
        )
        services.assign_problem(world.office_staff, problem)
    with django_assert_num_queries(3):  # token, count, page
        response = client.get(problem_url(), {"limit": 100})
    assert response.json()["count"] == Problem.objects.count() == 30
