"""The demo city with its problem history, loaded once for every test module of this package inside a
transaction that is rolled back afterwards (audit events cannot be deleted, so a rollback is the only
clean way out). The load takes about half a minute; tests that need an empty database live outside
this package (../test_loader.py)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings


@pytest.fixture(scope="package")
def demo_media(tmp_path_factory) -> Path:
    """Where the demo's photos are stored (tests themselves get a fresh MEDIA_ROOT each)."""
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker, demo_media):
    """Runs load_demo once for the package; tests that use it also take the db fixture."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=demo_media), transaction.atomic():
        out = StringIO()
        call_command("load_demo", stdout=out, skip_checks=True)
        yield out.getvalue()
        transaction.set_rollback(True)
