"""Bulk approve from the review queue."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chuangwen.problems import services
from chuangwen.problems.models import Problem, Source, Status
from chuangwen.problems.tests.conftest import FakePhoto
from chuangwen.problems.tests.pages_support import counts, events_of

pytestmark = pytest.mark.django_db
URL = reverse("problems:bulk_approve")


@pytest.fixture
def batch(world, place) -> list[Problem]:
    problems = []
    for n in range(3):
        p = services.create_problem(
            world.office_staff, source=Source.INSPECTION, description=f"问题{n}", site=place.site
        )
        services.assign_problem(world.office_staff, p)
        problems.append(p)
    for p in problems[:2]:
        services.submit_rectification(world.handler, p, note="已整改", photos=[FakePhoto()])
    return problems


def test_it_approves_the_submitted_and_lists_the_rest(world, client_for, batch):
    data = {"ids": [p.pk for p in batch], "note": "抽查合格"}
    response = client_for(world.office_staff).post(URL + "?q=问题", data, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("problems:queue", args=["review"]) + "?q=")
    assert [Problem.objects.get(pk=p.pk).status for p in batch] == [Status.CLOSED, Status.CLOSED, Status.ASSIGNED]
    text = " ".join(str(m) for m in response.context["messages"])
    assert f"已审核通过 2 个问题：{batch[0].code}、{batch[1].code}" in text
    assert f"{batch[2].code}（问题当前状态为“已交办”，不能审核通过）" in text
    assert events_of(batch[0], "problem.approved").get().reason == "抽查合格"


def test_it_lets_the_district_officer_approve_in_their_district(world, client_for, batch):
    client_for(world.district_officer).post(URL, {"ids": [batch[0].pk]})
    assert Problem.objects.get(pk=batch[0].pk).status == Status.CLOSED


def test_it_needs_a_selection(world, client_for, batch):
    before = counts()
    response = client_for(world.office_staff).post(URL, {"note": "x"})
    assert response.status_code == 400
    assert "请先勾选问题" in response.content.decode()
    assert counts() == before


def test_it_refuses_more_than_200(world, client_for, batch):
    response = client_for(world.office_staff).post(URL, {"ids": list(range(1, 202))})
    assert response.status_code == 400
    assert "一次最多处理 200 个问题" in response.content.decode()


@pytest.mark.parametrize("persona", ["handler", "unit_head", "outsider", "inspector", "leader", "grid_worker"])
def test_it_is_for_the_offices_only(world, client_for, batch, persona):
    before = counts()
    assert client_for(world.personas[persona]).post(URL, {"ids": [p.pk for p in batch]}).status_code == 403
    assert counts() == before


def test_it_refuses_get(world, client_for):
    assert client_for(world.office_staff).get(URL).status_code == 405


def test_it_sends_anonymous_to_login(world, client):
    assert client.post(URL).status_code == 302
