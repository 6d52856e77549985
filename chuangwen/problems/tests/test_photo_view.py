"""Photos are served only to people who may see the problem (media is not public)."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from chuangwen.problems import services
from chuangwen.problems.models import Source
from chuangwen.problems.tests.pages_support import stored_photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def photo(world, place):
    problem = services.create_problem(
        world.office_staff, source=Source.INSPECTION, description="占道经营", site=place.site, photos=[stored_photo()]
    )
    services.assign_problem(world.office_staff, problem)
    return problem.photos.get()


def _url(photo, **query) -> str:
    url = reverse("problems:photo", args=[photo.pk])
    return url + ("?size=thumb" if query.get("thumb") else "")


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("persona", ["office_staff", "district_officer", "handler", "unit_head", "leader"])
def test_it_serves_the_photo_and_its_thumbnail(world, client_for, photo, persona):
    client = client_for(world.personas[persona])
    response = client.get(_url(photo))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "private" in response["Cache-Control"]
    assert _body(response) == default_storage.open(photo.image).read()
    assert _body(client.get(_url(photo, thumb=True))) == default_storage.open(photo.thumbnail).read()


@pytest.mark.parametrize("persona", ["outsider", "inspector", "grid_worker"])
def test_it_answers_404_to_those_who_cannot_see_the_problem(world, client_for, photo, persona):
    assert client_for(world.personas[persona]).get(_url(photo)).status_code == 404


def test_it_answers_404_for_a_missing_file(world, client_for, photo):
    default_storage.delete(photo.image)
    assert client_for(world.office_staff).get(_url(photo)).status_code == 404


def test_it_answers_404_for_a_missing_photo(world, client_for):
    assert client_for(world.office_staff).get(reverse("problems:photo", args=[999999])).status_code == 404


def test_it_is_the_only_way_to_the_file(world, client, photo):
    assert client.get("/media/" + photo.image).status_code == 404


def test_it_needs_a_login(world, client, photo):
    assert client.get(_url(photo)).status_code == 302


def test_it_refuses_post(world, client_for, photo):
    assert client_for(world.office_staff).post(_url(photo)).status_code == 405
