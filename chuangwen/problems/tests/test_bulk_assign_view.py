"""Bulk assign from the triage queue: each problem its own service call; failures listed by code."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chuangwen.problems import services
from chuangwen.problems.models import Problem, Source, Status
from chuangwen.problems.tests.pages_support import counts, events_of

pytestmark = pytest.mark.django_db
URL = reverse("problems:bulk_assign")


@pytest.fixture
def batch(world, place) -> list[Problem]:
    def create(description, **extra):
        return services.create_problem(world.office_staff, source=Source.HOTLINE, description=description, **extra)

    return [
        create("东华路占道经营", site=place.site),
        create("东华路乱扔垃圾", site=place.site),
        create("无名路口积水", address="无名路口"),  # no site, no district: nobody to propose
    ]


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_it_assigns_each_to_its_proposed_unit_and_lists_failures(world, client_for, batch):
    data = {"ids": [p.pk for p in batch], "mode": "proposed"}
    response = client_for(world.office_staff).post(URL, data, follow=True)
    assert response.redirect_chain[-1][0] == reverse("problems:queue", args=["triage"])
    statuses = {p.code: Problem.objects.get(pk=p.pk).status for p in batch}
    assert statuses == {batch[0].code: Status.ASSIGNED, batch[1].code: Status.ASSIGNED, batch[2].code: Status.NEW}
    text = " ".join(_messages(response))
    assert f"已交办 2 个问题：{batch[0].code}、{batch[1].code}" in text
    assert f"1 个问题未能交办：{batch[2].code}（无法自动确定责任单位，请指定责任单位）" in text
    assert all(events_of(p, "problem.assigned").count() == 1 for p in batch[:2])


def test_it_assigns_all_to_one_unit_with_a_reason(world, client_for, batch):
    data = {"ids": [p.pk for p in batch], "mode": "unit", "unit": world.street_a.pk, "reason": "统一由街道处理"}
    client_for(world.office_staff).post(URL, data)
    assert {Problem.objects.get(pk=p.pk).responsible_unit for p in batch} == {world.street_a}
    assert events_of(batch[2], "problem.assigned").get().reason == "统一由街道处理"


def test_it_goes_on_after_a_refusal(world, client_for, batch):
    data = {"ids": [batch[2].pk, batch[0].pk], "mode": "unit", "unit": world.dept_a.pk, "reason": ""}
    response = client_for(world.office_staff).post(URL, data, follow=True)
    assert Problem.objects.get(pk=batch[2].pk).status == Status.NEW  # nothing proposed: a reason is needed
    assert Problem.objects.get(pk=batch[0].pk).status == Status.ASSIGNED  # dept A is the proposal: no reason needed
    assert f"{batch[2].code}（指定的责任单位与系统建议（—）不同，请说明理由）" in " ".join(_messages(response))


def test_it_keeps_the_district_officer_to_their_district(world, client_for, batch):
    data = {"ids": [p.pk for p in batch], "mode": "proposed"}
    response = client_for(world.district_officer).post(URL, data, follow=True)
    assert Problem.objects.get(pk=batch[2].pk).status == Status.NEW
    assert f"#{batch[2].pk}（问题不存在或无权查看）" in " ".join(_messages(response))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"mode": "proposed"}, "请先勾选问题"),
        ({"mode": "unit", "ids": "all"}, "请选择统一交办的单位"),
        ({"ids": "all"}, "这个字段是必填项"),
    ],
)
def test_it_answers_bad_input_with_400_and_changes_nothing(world, client_for, batch, data, message):
    data = dict(data)
    if data.get("ids") == "all":
        data["ids"] = [p.pk for p in batch]
    before = counts()
    response = client_for(world.office_staff).post(URL, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and 'id="bulk-errors"' in html
    assert counts() == before


@pytest.mark.parametrize("persona", ["handler", "unit_head", "outsider", "inspector", "leader", "grid_worker"])
def test_it_is_for_the_offices_only(world, client_for, batch, persona):
    before = counts()
    data = {"ids": [p.pk for p in batch], "mode": "proposed"}
    assert client_for(world.personas[persona]).post(URL, data).status_code == 403
    assert counts() == before


def test_it_refuses_get(world, client_for):
    assert client_for(world.office_staff).get(URL).status_code == 405


def test_it_sends_anonymous_to_login(world, client):
    assert client.post(URL).status_code == 302
