"""Fixtures shared by every test module: the personas of chuangwen.testing."""

from __future__ import annotations

import pytest
from django.test import Client

from chuangwen.testing import World, build_world

# Browser fixtures (make run + chromium) for every test marked `browser`, wherever it lives.
pytest_plugins = ["chuangwen.e2e.fixtures"]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _default_language(settings):
    """Every test starts in the default language, whatever an earlier test activated."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def client_for():
    """client_for(user) gives a test client logged in as that user."""

    def make(user) -> Client:
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make
