"""Tests that need a database without the module-scoped demo: determinism (each load runs in a savepoint
that is rolled back), a database holding other data, demo_logins before the demo is loaded."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from chuangwen.audit.models import AuditEvent
from chuangwen.demo.loader import load_demo
from chuangwen.sites.models import Site
from chuangwen.units.models import Unit, User

pytestmark = pytest.mark.django_db


def _fingerprint() -> tuple:
    units = tuple(Unit.objects.order_by("code").values_list("code", "name", "kind", "parent__code", "head_phone"))
    users = tuple(User.objects.order_by("username").values_list("username", "name", "phone", "role", "unit__code"))
    sites = tuple(
        Site.objects.order_by("code").values_list(
            "code", "name", "address", "lat", "lng", "territorial_unit__code", "road_chief_name"
        )
    )
    return units, users, sites


def _load_and_fingerprint(seed: int) -> tuple:
    with transaction.atomic():
        assert load_demo("normal", seed).loaded
        fingerprint = _fingerprint()
        transaction.set_rollback(True)
    return fingerprint


def test_same_seed_gives_the_same_city_and_another_seed_another():
    assert not Unit.objects.exists()  # the module-scoped demo of other modules was rolled back
    first = _load_and_fingerprint(2026)
    assert not AuditEvent.objects.filter(event_type="demo.loaded").exists()
    assert _load_and_fingerprint(2026) == first
    other = _load_and_fingerprint(7)
    assert other != first
    assert all(isinstance(lat, Decimal) for *_, lat, _lng, _t, _r in first[2][:5])


def test_it_leaves_a_database_with_other_data_alone(world):
    units, users = Unit.objects.count(), User.objects.count()
    result = load_demo()
    assert not result.loaded and "CITY" in result.message
    assert (Unit.objects.count(), User.objects.count()) == (units, users)


def test_demo_logins_says_how_to_load_the_demo_when_it_is_missing():
    out = StringIO()
    call_command("demo_logins", stdout=out, skip_checks=True, no_color=True)
    assert "load_demo" in out.getvalue()
