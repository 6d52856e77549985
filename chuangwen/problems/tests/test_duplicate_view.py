"""Closing a problem as a duplicate (重复) of another, given by its code."""

from __future__ import annotations

import pytest

from chuangwen.problems import services
from chuangwen.problems.models import Problem, Source, Status
from chuangwen.problems.tests.pages_support import action_url, counts, events_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def original(world, place) -> Problem:
    return services.create_problem(
        world.office_staff, source=Source.HOTLINE, description="东华路占道经营（热线）", site=place.site
    )


def test_it_links_to_the_original(world, client_for, assigned, original):
    data = {"original": original.code.lower(), "reason": ""}
    response = client_for(world.office_staff).post(action_url("mark_duplicate", assigned), data)
    assert response.status_code == 302
    saved = Problem.objects.get(pk=assigned.pk)
    assert saved.status == Status.DUPLICATE and saved.duplicate_of == original
    assert events_of(assigned, "problem.marked_duplicate").count() == 1


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "请填写原问题的编号"),
        ("P00000000999999", "未找到编号为 P00000000999999 的问题"),
        ("self", "不能标记为与自身重复"),
    ],
)
def test_it_answers_bad_input_with_400_and_changes_nothing(world, client_for, assigned, original, code, message):
    before = counts()
    code = assigned.code if code == "self" else code
    response = client_for(world.office_staff).post(action_url("mark_duplicate", assigned), {"original": code})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert counts() == before


def test_it_does_not_find_an_original_the_person_cannot_see(world, client_for, assigned, place):
    elsewhere = services.create_problem(
        world.office_staff, source=Source.HOTLINE, description="西城区的问题", address="西华路1号"
    )
    response = client_for(world.district_officer).post(
        action_url("mark_duplicate", assigned), {"original": elsewhere.code}
    )
    assert response.status_code == 400
    assert f"未找到编号为 {elsewhere.code} 的问题" in response.content.decode()


@pytest.mark.parametrize("persona", ["handler", "unit_head", "leader"])
def test_it_answers_403_to_those_who_may_not_close(world, client_for, assigned, original, persona):
    before = counts()
    data = {"original": original.code}
    assert client_for(world.personas[persona]).post(action_url("mark_duplicate", assigned), data).status_code == 403
    assert counts() == before


def test_it_answers_404_to_the_outsider(world, client_for, assigned, original):
    data = {"original": original.code}
    assert client_for(world.outsider).post(action_url("mark_duplicate", assigned), data).status_code == 404


def test_it_refuses_get(world, client_for, assigned):
    assert client_for(world.office_staff).get(action_url("mark_duplicate", assigned)).status_code == 405


def test_it_sends_anonymous_to_login(world, client, assigned):
    assert client.post(action_url("mark_duplicate", assigned)).status_code == 302
