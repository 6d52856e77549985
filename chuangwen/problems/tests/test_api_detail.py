"""GET /api/problems/{id} and its photos: what each persona may read, and what it may do next."""

from __future__ import annotations

import pytest

from chuangwen.problems import services
from chuangwen.problems.models import Problem
from chuangwen.problems.tests.api_support import PERSONAS, api_client, photo, post_json, problem_url

pytestmark = pytest.mark.django_db

SEES_A = {"office_admin", "office_staff", "leader", "district_officer", "handler", "unit_head"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_reads_unit_as_problem_or_gets_404(world, in_progress, persona):
    response = api_client(world.personas[persona]).get(problem_url(in_progress.pk))
    if persona in SEES_A:
        assert response.status_code == 200
        assert response.json()["code"] == in_progress.code
    else:
        assert response.status_code == 404
        assert response.json() == {"detail": "未找到，或您无权查看", "field": None}


def test_a_missing_problem_is_404(world):
    assert api_client(world.office_staff).get(problem_url(999999)).status_code == 404


def test_it_gives_the_whole_problem(world, submitted, place):
    body = api_client(world.office_staff).get(problem_url(submitted.pk)).json()
    assert body["site"] == {"id": place.site.pk, "name": "东华路"}
    assert body["standard"] == {"id": place.standard.pk, "name": place.standard.code}
    assert body["responsible_unit"]["id"] == world.dept_a.pk
    assert len(body["photos"]) == 1 and body["photos"][0]["kind"] == "before"
    (rectification,) = body["rectifications"]
    assert rectification["note"] == "已清理" and rectification["outcome"] == "pending"
    assert rectification["submitted_by"] == {"id": world.handler.pk, "name": "handler"}
    assert [p["kind"] for p in rectification["photos"]] == ["after"]
    assert body["pending_request"] is None
    assert body["allowed_actions"] == ["approve", "reject", "mark_duplicate", "mark_invalid"]


def test_it_names_what_the_unit_may_do(world, assigned):
    body = api_client(world.handler).get(problem_url(assigned.pk)).json()
    assert body["allowed_actions"] == ["accept", "submit", "request_extension", "dispute"]
    assert api_client(world.leader).get(problem_url(assigned.pk)).json()["allowed_actions"] == []


def test_it_shows_the_pending_request(world, in_progress):
    services.dispute_problem(world.handler, in_progress, reason="该路段归交通局管理", suggested_unit=world.dept_b)
    body = api_client(world.office_staff).get(problem_url(in_progress.pk)).json()
    assert body["pending_request"]["kind"] == "dispute"
    assert body["pending_request"]["suggested_unit"] == {"id": world.dept_b.pk, "name": "市交通局"}
    assert "decide_dispute" in body["allowed_actions"]
    assert "dispute" not in api_client(world.handler).get(problem_url(in_progress.pk)).json()["allowed_actions"]


def test_only_the_city_office_sees_the_reporter_in_full(world):
    problem = services.create_problem(
        world.office_staff,
        source="hotline",
        description="噪音扰民",
        address="东华路9号",
        reporter_name="王先生",
        reporter_phone="13900000000",
    )
    services.assign_problem(world.office_staff, problem, unit=world.dept_a, reason="城管负责")
    office = api_client(world.office_staff).get(problem_url(problem.pk)).json()
    unit = api_client(world.handler).get(problem_url(problem.pk)).json()
    assert (office["reporter_name"], office["reporter_phone"]) == ("王先生", "13900000000")
    assert (unit["reporter_name"], unit["reporter_phone"]) == ("王**", "139****0000")


@pytest.fixture
def with_photo(world, place):
    client = api_client(world.office_staff)
    data = {
        "source": "inspection",
        "description": "垃圾桶满溢",
        "site": place.site.pk,
        "photos": [photo(size=(900, 600))],
    }
    body = client.post(problem_url(), data).json()
    services.assign_problem(world.office_staff, Problem.objects.get(pk=body["id"]))
    return body


def test_it_serves_a_photo_and_its_thumbnail_to_whoever_may_read_the_problem(world, with_photo):
    shown = with_photo["photos"][0]
    client = api_client(world.handler)
    full = client.get(shown["url"])
    thumb = client.get(shown["thumbnail_url"])
    assert full.status_code == thumb.status_code == 200
    assert full["Content-Type"] == "image/jpeg"
    assert len(b"".join(thumb.streaming_content)) < len(b"".join(full.streaming_content))


def test_it_hides_a_photo_from_the_outsider(world, with_photo):
    response = api_client(world.outsider).get(with_photo["photos"][0]["url"])
    assert response.status_code == 404


def test_a_photo_of_another_problem_is_404(world, with_photo, new_problem):
    photo_id = with_photo["photos"][0]["id"]
    response = api_client(world.office_staff).get(f"/api/problems/{new_problem.pk}/photos/{photo_id}")
    assert response.status_code == 404


def test_a_photo_with_a_bad_size_is_422(world, with_photo):
    response = api_client(world.office_staff).get(with_photo["photos"][0]["url"] + "?size=huge")
    assert response.status_code == 422


def test_a_photo_whose_file_is_gone_is_404(world, new_problem):
    photo_id = new_problem.photos.get().pk  # the fixture's photo was never stored
    assert api_client(world.office_staff).get(f"/api/problems/{new_problem.pk}/photos/{photo_id}").status_code == 404


def test_it_refuses_a_post_to_the_detail(world, new_problem):
    assert post_json(api_client(world.office_staff), problem_url(new_problem.pk)).status_code == 405
