"""POST /api/problems/{id}/invalid, /duplicate and /reopen."""

from __future__ import annotations

import pytest

from chuangwen.problems import services
from chuangwen.problems.models import Problem, Source, Status
from chuangwen.problems.tests.api_support import api_client, post_json, problem_url

pytestmark = pytest.mark.django_db


def test_the_office_marks_a_problem_invalid(world, new_problem):
    response = post_json(api_client(world.office_staff), problem_url(new_problem.pk, "invalid"), {"reason": "无此问题"})
    assert response.status_code == 200
    assert response.json()["status"] == Status.INVALID and response.json()["end_reason"] == "无此问题"


def test_marking_invalid_needs_a_reason(world, new_problem):
    response = post_json(api_client(world.office_staff), problem_url(new_problem.pk, "invalid"), {"reason": " "})
    assert response.status_code == 400
    assert response.json() == {"detail": "请填写无效原因", "field": "reason"}
    assert Problem.objects.get(pk=new_problem.pk).status == Status.NEW


def test_the_office_marks_a_duplicate(world, new_problem, place):
    original = services.create_problem(
        world.office_staff, source=Source.INSPECTION, description="同一处", site=place.site
    )
    data = {"original": original.pk}
    response = post_json(api_client(world.office_staff), problem_url(new_problem.pk, "duplicate"), data)
    assert response.status_code == 200
    assert response.json()["duplicate_of"] == {"id": original.pk, "name": original.code}


@pytest.mark.parametrize("original", ["missing", "invisible", "itself"])
def test_a_bad_original_is_400(world, new_problem, original):
    if original == "invisible":  # in district B: the district officer of A may not see it
        other = services.create_problem(
            world.office_staff, source=Source.HOTLINE, description="西城问题", address="西华路"
        )
        pk = other.pk
    else:
        pk = 999999 if original == "missing" else new_problem.pk
    response = post_json(api_client(world.district_officer), problem_url(new_problem.pk, "duplicate"), {"original": pk})
    assert response.status_code == 400
    assert response.json()["field"] == "original"
    assert Problem.objects.get(pk=new_problem.pk).status == Status.NEW


def test_the_office_reopens_a_closed_problem(world, closed):
    data = {"reason": "回头看发现反弹", "rebound": True}
    response = post_json(api_client(world.office_staff), problem_url(closed.pk, "reopen"), data)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == Status.ASSIGNED and body["reopen_count"] == 1 and body["rebound_count"] == 1


def test_reopening_an_open_problem_is_409(world, in_progress):
    response = post_json(api_client(world.office_staff), problem_url(in_progress.pk, "reopen"), {"reason": "x"})
    assert response.status_code == 409


def test_reopen_with_a_wrong_type_is_422(world, closed):
    data = {"reason": "x", "rebound": "也许"}
    response = post_json(api_client(world.office_staff), problem_url(closed.pk, "reopen"), data)
    assert response.status_code == 422
    assert response.json()["detail"] == "“rebound”须为 true 或 false"
    assert Problem.objects.get(pk=closed.pk).status == Status.CLOSED
