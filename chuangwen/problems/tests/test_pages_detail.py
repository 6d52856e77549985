"""A problem's page: its fields, the proposal, the deadline, the timeline, the photos, the actions."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from chuangwen.problems import services
from chuangwen.problems.models import Problem, Source
from chuangwen.problems.tests.pages_support import stored_photo

pytestmark = pytest.mark.django_db


def _url(problem) -> str:
    return reverse("problems:detail", args=[problem.pk])


def _actions(response) -> list[str]:
    return [panel.action.name for panel in response.context["panels"]]


def test_it_shows_the_fields_and_the_proposal(world, client_for, new_problem):
    response = client_for(world.office_staff).get(_url(new_problem))
    assert response.status_code == 200 and response.context["section"] == "problems"
    html = response.content.decode()
    assert new_problem.code in html and "东华路人行道占道经营" in html
    assert "督查发现" in html and "东华路" in html and "东城区" in html
    assert response.context["proposal"].unit == world.dept_a
    assert "点位包保单位，且为该测评标准的责任单位" in html


def test_it_shows_the_deadline_and_overdue_days(world, client_for, assigned):
    Problem.objects.filter(pk=assigned.pk).update(deadline=timezone.now() - datetime.timedelta(days=1, hours=2))
    html = client_for(world.handler).get(_url(assigned)).content.decode()
    assert "超期2天" in html


def test_it_shows_the_timeline_with_labels_actors_reasons_and_changes(world, client_for, assigned):
    services.assign_problem(world.office_staff, assigned, unit=world.street_a, reason="属地处理")
    response = client_for(world.office_staff).get(_url(assigned))
    rows = response.context["timeline"]
    assert [r.label for r in rows] == ["登记问题", "交办", "改派"]
    assert rows[2].event.reason == "属地处理"
    changes = {d.label: (d.before, d.after) for d in rows[2].diff}
    assert changes["责任单位"] == ("市城管局", "东华街道")
    html = response.content.decode()
    assert "office_staff" in html and "属地处理" in html and "<del" in html


def test_it_shows_before_and_after_photos_side_by_side(world, client_for, in_progress):
    before = in_progress.photos.get()
    after = stored_photo()
    services.submit_rectification(world.handler, in_progress, note="已清理完毕", photos=[after])
    response = client_for(world.office_staff).get(_url(in_progress))
    html = response.content.decode()
    photo = response.context["latest"].photo_list[0]
    assert response.context["before_photos"] == [before]
    assert reverse("problems:photo", args=[before.pk]) + "?size=thumb" in html
    assert reverse("problems:photo", args=[photo.pk]) in html
    assert html.index('id="before-photos"') < html.index('id="after-photos"')
    assert "已清理完毕" in html and "待审核" in html


@pytest.mark.parametrize(
    ("fixture", "persona", "expected"),
    [
        ("new_problem", "office_staff", ["assign", "mark_duplicate", "mark_invalid"]),
        ("assigned", "handler", ["accept", "submit", "request_extension", "dispute"]),
        ("assigned", "office_staff", ["assign", "mark_duplicate", "mark_invalid"]),
        ("in_progress", "unit_head", ["submit", "request_extension", "dispute"]),
        ("submitted", "district_officer", ["approve", "reject", "mark_duplicate", "mark_invalid"]),
        ("submitted", "handler", []),
        ("closed", "office_staff", ["reopen"]),
        ("closed", "handler", []),
        ("assigned", "leader", []),
    ],
)
def test_it_offers_only_the_allowed_actions(request, world, client_for, fixture, persona, expected):
    problem = request.getfixturevalue(fixture)
    assert _actions(client_for(world.personas[persona]).get(_url(problem))) == expected


def test_it_masks_the_reporter_for_everyone_but_the_office(world, client_for, place):
    problem = services.create_problem(
        world.office_staff, source=Source.HOTLINE, description="噪音扰民", site=place.site,
        reporter_name="李四", reporter_phone="13912345678",
    )  # fmt: skip
    assert "13912345678" in client_for(world.office_staff).get(_url(problem)).content.decode()
    html = client_for(world.district_officer).get(_url(problem)).content.decode()
    assert "13912345678" not in html and "139****5678" in html and "李*" in html


@pytest.mark.parametrize("persona", ["outsider", "inspector", "grid_worker"])
def test_it_answers_404_to_those_who_cannot_see_it(world, client_for, assigned, persona):
    assert client_for(world.personas[persona]).get(_url(assigned)).status_code == 404


def test_it_shows_the_inspector_what_they_reported(world, client_for, place):
    problem = services.create_problem(world.inspector, source=Source.INSPECTION, description="x", site=place.site)
    assert client_for(world.inspector).get(_url(problem)).status_code == 200


def test_it_needs_a_login(world, client, assigned):
    assert client.get(_url(assigned)).status_code == 302


def test_it_refuses_post(world, client_for, assigned):
    assert client_for(world.office_staff).post(_url(assigned)).status_code == 405
