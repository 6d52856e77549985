"""Password spraying: one address trying a password on many usernames is locked out for the
cool-off, as one username tried from one address already was (django-axes)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from chuangwen.testing import PASSWORD, make_user
from chuangwen.units.models import Role

pytestmark = pytest.mark.django_db
ATTACKER = "203.0.113.9"
OFFICE = "198.51.100.20"


@pytest.fixture
def limit(settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 8
    return 8


def _login(username: str, password: str, address: str, **headers):
    client = Client(REMOTE_ADDR=address, headers=headers)
    return client.post(reverse("login"), {"username": username, "password": password})


def _spray(world, count: int, address: str = ATTACKER, **headers) -> None:
    for n in range(count):
        username = f"staff{n}" if n % 2 else list(world.personas)[n % 9]
        _login(username, "Spring-2026!", address, **headers)  # a wrong password; the last one locks


def test_failures_over_many_usernames_lock_the_address(world, limit):
    _spray(world, limit)
    response = _login("leader", PASSWORD, ATTACKER)  # right password, never tried before
    assert response.status_code == 429
    assert "账户已临时锁定" in response.content.decode()
    assert "登录失败次数过多" in response.content.decode()


def test_the_same_people_log_in_from_another_address(world, limit):
    _spray(world, limit)
    response = _login("leader", PASSWORD, OFFICE)
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_fewer_failures_than_the_limit_do_not_lock_the_address(world, limit):
    _spray(world, limit - 1)
    response = _login("leader", PASSWORD, ATTACKER)
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_a_forged_forwarded_for_header_does_not_escape_the_lock(world, limit, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(limit):
        _login(f"nobody{n}", "Spring-2026!", ATTACKER, x_forwarded_for=f"10.0.0.{n}")
    assert _login("leader", PASSWORD, ATTACKER, x_forwarded_for="10.9.9.9").status_code == 429


def test_behind_a_trusted_proxy_each_client_address_counts_apart(world, limit, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.1"
    for n in range(limit):
        _login(f"nobody{n}", "Spring-2026!", proxy, x_forwarded_for=ATTACKER)
    assert _login("leader", PASSWORD, proxy, x_forwarded_for=ATTACKER).status_code == 429
    assert _login("leader", PASSWORD, proxy, x_forwarded_for=OFFICE).status_code == 302


def test_the_per_account_lock_still_comes_first(world, settings):
    make_user("office2", Role.OFFICE_STAFF, world.city)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login("office2", "wrong", OFFICE)
    assert _login("office2", PASSWORD, OFFICE).status_code == 429
    assert _login("leader", PASSWORD, OFFICE).status_code == 302  # 5 failures: the address is not locked
