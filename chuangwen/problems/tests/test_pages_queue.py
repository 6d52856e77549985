"""The office's work queues: to triage, overdue, awaiting review, pending requests; counts in tabs."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from chuangwen.problems import services
from chuangwen.problems.tests.pages_support import Spread, build_spread

pytestmark = pytest.mark.django_db


@pytest.fixture
def spread(world, place) -> Spread:
    spread = build_spread(world, place)
    later = timezone.now() + datetime.timedelta(days=30)
    services.request_extension(world.handler, spread.a_assigned, deadline=later, reason="需要采购设备")
    return spread


def _url(kind=None) -> str:
    return reverse("problems:queue", args=[kind]) if kind else reverse("problems:queue")


def _codes(response) -> list[str]:
    return [p.code for p in response.context["page"].object_list]


def _counts(response) -> dict[str, int]:
    return {tab["queue"].kind: tab["count"] for tab in response.context["tabs"]}


def test_it_opens_on_triage_with_counts_in_tabs(world, client_for, spread):
    response = client_for(world.office_staff).get(_url())
    assert response.status_code == 200 and response.context["section"] == "queue"
    assert _codes(response) == [spread.a_new.code]
    assert _counts(response) == {"triage": 1, "overdue": 1, "review": 1, "requests": 1}
    html = response.content.decode()
    assert 'data-count="overdue">1<' in html
    assert "市城管局" in html  # the proposed unit of the row
    assert 'id="bulk-form"' in html


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("overdue", ["a_overdue"]), ("review", ["a_submitted"]), ("requests", ["a_assigned"])],
)
def test_it_lists_each_queue(world, client_for, spread, kind, expected):
    response = client_for(world.office_staff).get(_url(kind))
    assert _codes(response) == [getattr(spread, name).code for name in expected]


def test_it_shows_the_note_and_offers_bulk_approve_for_review(world, client_for, spread):
    html = client_for(world.office_staff).get(_url("review")).content.decode()
    assert "整改说明：" in html and "已清理" in html
    assert reverse("problems:bulk_approve") in html


def test_it_shows_the_pending_request(world, client_for, spread):
    html = client_for(world.office_staff).get(_url("requests")).content.decode()
    assert "申请延期" in html and "需要采购设备" in html


def test_it_scopes_the_district_officer_to_their_district(world, client_for, spread, place):
    services.create_problem(world.office_staff, source="hotline", description="西城区的问题", address="西华路2号")
    office = _counts(client_for(world.office_staff).get(_url()))
    district = _counts(client_for(world.district_officer).get(_url()))
    assert office["triage"] == 2 and district["triage"] == 1


def test_it_narrows_a_queue_by_search(world, client_for, spread):
    client = client_for(world.office_staff)
    assert _codes(client.get(_url(), {"q": "井盖"})) == []
    assert _codes(client.get(_url("overdue"), {"q": "井盖"})) == [spread.a_overdue.code]
    assert _counts(client.get(_url(), {"q": "井盖"}))["overdue"] == 1


def test_it_carries_the_queue_into_the_export_link(world, client_for, spread):
    html = client_for(world.office_staff).get(_url("overdue")).content.decode()
    assert reverse("problems:export") + "?overdue=1" in html


def test_it_answers_404_to_an_unknown_queue(world, client_for):
    assert client_for(world.office_staff).get(_url("everything")).status_code == 404


@pytest.mark.parametrize("persona", ["handler", "unit_head", "outsider", "inspector", "leader", "grid_worker"])
def test_it_is_for_the_office_and_district_offices_only(world, client_for, persona):
    assert client_for(world.personas[persona]).get(_url()).status_code == 403


def test_it_needs_a_login(world, client):
    assert client.get(_url("review")).status_code == 302


def test_it_refuses_post(world, client_for):
    assert client_for(world.office_staff).post(_url()).status_code == 405
