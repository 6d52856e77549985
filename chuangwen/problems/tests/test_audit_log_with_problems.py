"""The office's audit log shows problem events, whose before/after carry keys that are not model
fields (photos is a reverse relation of Problem)."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_shows_problem_events_in_the_audit_log(world, client_for, new_problem):
    response = client_for(world.office_staff).get(reverse("audit:list"), {"object_type": "problems.problem"})
    assert response.status_code == 200
    assert "problem.created" in response.content.decode()
