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


# The second factor (off in the test settings; these turn it on for the office roles).


@pytest.fixture
def two_factor_on(settings):
    settings.TWO_FACTOR_ROLES = ["office_admin", "office_staff"]


def current_code(key: str, offset_steps: int = 0) -> str:
    """The code an authenticator app shows now for key (hex), or offset_steps of 30 s later."""
    import time
    from binascii import unhexlify

    from django_otp.oath import TOTP

    totp = TOTP(unhexlify(key))
    totp.time = time.time() + 30 * offset_steps
    return f"{totp.token():06d}"


def password_login(user, address: str = "127.0.0.1"):
    """A client that went through the login page with the user's password (no second factor yet)."""
    from django.test import Client
    from django.urls import reverse

    from chuangwen.testing import PASSWORD

    client = Client(REMOTE_ADDR=address)
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


@pytest.fixture
def enrolled(world):
    """enrolled(user) gives the user an authenticator (as the setup page does); returns (key, codes)."""
    from chuangwen.units.twofactor import services

    def enrol(user):
        key = services.new_secret()
        return key, services.enrol(user, key, current_code(key))

    return enrol
