"""Helpers shared by the tests of the office admin's unit and people pages."""

from __future__ import annotations

import pytest

from chuangwen.audit.models import AuditEvent
from chuangwen.units.models import Unit, User

NON_ADMINS = [
    "office_staff",
    "district_officer",
    "handler",
    "unit_head",
    "outsider",
    "inspector",
    "leader",
    "grid_worker",
]


@pytest.fixture
def admin(world, client_for):
    """A client logged in as the office admin."""
    return client_for(world.office_admin)


@pytest.fixture
def row_counts():
    """row_counts() gives the number of units, users and audit events, to compare before/after."""

    def counts() -> tuple[int, int, int]:
        return Unit.objects.count(), User.objects.count(), AuditEvent.objects.count()

    return counts
