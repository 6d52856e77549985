"""The demo city, loaded once per test module inside a transaction that is rolled back afterwards
(audit events cannot be deleted, so a rollback is the only clean way out)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Runs load_demo once for the module; tests that use it also take the db fixture."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("load_demo", stdout=out, skip_checks=True)
        yield out.getvalue()
        transaction.set_rollback(True)
