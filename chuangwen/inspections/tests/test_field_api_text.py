"""The inspector's phone sends JSON: its notes reach the check result and the visit without control
characters (escaped NUL, VT and a lone surrogate included); the outsider is still refused."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from chuangwen.inspections import services
from chuangwen.inspections.models import CheckResult, RoundSite

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(place, planned):
    entry = RoundSite.objects.filter(round=planned, site__in=place.sites_a).order_by("seq").first()
    return services.start_visit(place.world.inspector, entry)


def _post(client, name, visit, data):
    return client.post(
        reverse(f"inspections:{name}", args=[visit.pk]), json.dumps(data), content_type="application/json"
    )


def test_a_note_from_the_phone_is_stored_without_control_characters(place, visit, client_for):
    data = {"item": place.items[1].pk, "verdict": "fail", "count": 2, "note": "两处\u000b占道\u0000\ud800"}
    response = _post(client_for(place.world.inspector), "answer", visit, data)
    assert response.status_code == 200, response.content
    assert response.json()["result"]["note"] == "两处占道"
    assert CheckResult.objects.get(visit=visit, item=place.items[1]).note == "两处占道"


def test_the_outsider_cannot_answer_and_nothing_is_stored(place, visit, client_for):
    data = {"item": place.items[1].pk, "verdict": "fail", "count": 2, "note": "两处\u000b占道"}
    response = _post(client_for(place.world.outsider), "answer", visit, data)
    assert response.status_code in (403, 404)
    assert not CheckResult.objects.filter(visit=visit).exists()
