"""Tests that need a database without the package-scoped demo: determinism (each load runs in a savepoint
that is rolled back), a database holding other data, demo_logins before the demo is loaded."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from chuangwen.audit.models import AuditEvent
from chuangwen.demo.loader import load_demo
from chuangwen.problems.inbox import Notification
from chuangwen.problems.models import Problem, Rectification, UnitRequest
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


PROBLEM_FIELDS = (
    "source", "status", "description", "site__code", "address", "severity", "category__code", "standard__code",
    "responsible_unit__code", "district__code", "deadline", "created_at", "closed_at", "rework_count",
    "extension_count", "reopen_count", "created_by__username", "external_ref", "reporter_name",
)  # fmt: skip


def _history_fingerprint() -> tuple:
    problems = sorted(Problem.objects.values_list(*PROBLEM_FIELDS), key=repr)
    counts = tuple(m.objects.count() for m in (Rectification, UnitRequest, Notification, AuditEvent))
    return tuple(problems), counts


def _restart_ids() -> None:
    """PostgreSQL does not roll its sequences back: start the ids where the previous load started
    them, since the inspection rounds' samples are drawn per site type and district id."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(statement)


def _load_and_fingerprint(seed: int, problems: int = 0, fingerprint=_fingerprint) -> tuple:
    _restart_ids()
    with transaction.atomic():
        assert load_demo("normal", seed, problems=problems).loaded
        result = fingerprint()
        transaction.set_rollback(True)
    return result


def test_same_seed_gives_the_same_city_and_another_seed_another():
    assert not Unit.objects.exists()  # the module-scoped demo of other modules was rolled back
    first = _load_and_fingerprint(2026)
    assert not AuditEvent.objects.filter(event_type="demo.loaded").exists()
    assert _load_and_fingerprint(2026) == first
    other = _load_and_fingerprint(7)
    assert other != first
    assert all(isinstance(lat, Decimal) for *_, lat, _lng, _t, _r in first[2][:5])
    assert not Problem.objects.exists()


def test_same_seed_and_moment_give_the_same_problem_history():
    moment = timezone.make_aware(datetime.datetime(2026, 10, 20, 10, 30))  # 国庆 inside the three months
    with time_machine.travel(moment, tick=False):
        first = _load_and_fingerprint(2026, 150, _history_fingerprint)
        second = _load_and_fingerprint(2026, 150, _history_fingerprint)
    assert first == second
    problems, (rectifications, _requests, notifications, events) = first
    assert 150 <= len(problems) <= 170 and rectifications >= 100 and notifications > 300 and events > 800
    assert min(p[PROBLEM_FIELDS.index("created_at")] for p in problems) < moment - datetime.timedelta(days=80)


def test_it_leaves_a_database_with_other_data_alone(world):
    units, users = Unit.objects.count(), User.objects.count()
    result = load_demo()
    assert not result.loaded and "CITY" in result.message
    assert (Unit.objects.count(), User.objects.count()) == (units, users)


def test_demo_logins_says_how_to_load_the_demo_when_it_is_missing():
    out = StringIO()
    call_command("demo_logins", stdout=out, skip_checks=True, no_color=True)
    assert "load_demo" in out.getvalue()
