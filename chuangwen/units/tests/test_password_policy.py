"""The password policy holds wherever a person sets a password: their own change, the office
admin's new account and reset. 10+ characters, not the username or phone inside, not common."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chuangwen.audit.models import AuditEvent
from chuangwen.testing import PASSWORD
from chuangwen.units.models import Role, User

pytestmark = pytest.mark.django_db

REFUSED = [
    ("grid1234", "密码太短，至少需要 10 个字符"),  # accepted before the issue
    ("grid123456", "密码不能包含用户名或手机号"),
    ("2026-GRID-x", "密码不能包含用户名或手机号"),
    ("x13912345678", "密码不能包含用户名或手机号"),
    ("woaini1314", "密码过于常见"),
    ("wenming2026", "密码过于常见"),
    ("qwertyuiop", "这个密码太常见了"),
    ("1357924680", "密码只包含数字"),
]


def _new_user_data(world, password: str) -> dict:
    return {
        "username": "grid",
        "name": "王网格",
        "phone": "13912345678",
        "role": Role.GRID_WORKER,
        "unit": world.grid_a.pk,
        "password": password,
        "password2": password,
    }


@pytest.mark.parametrize(("password", "message"), REFUSED)
def test_admin_cannot_create_an_account_with_a_weak_password(world, admin, password, message):
    events = AuditEvent.objects.count()
    response = admin.post(reverse("units:user_create"), _new_user_data(world, password))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not User.objects.filter(username="grid").exists()
    assert AuditEvent.objects.count() == events


def test_admin_creates_an_account_with_a_strong_password(world, admin):
    response = admin.post(reverse("units:user_create"), _new_user_data(world, "Lan-shan-47-qiao"))
    assert response.status_code == 302
    assert User.objects.get(username="grid").check_password("Lan-shan-47-qiao")


@pytest.mark.parametrize(("password", "message"), [("handler-2027", "密码不能包含用户名或手机号")] + REFUSED[4:])
def test_a_person_cannot_change_to_a_weak_password(world, client_for, password, message):
    data = {"old_password": PASSWORD, "new_password": password, "new_password2": password}
    response = client_for(world.handler).post(reverse("password_change"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    world.handler.refresh_from_db()
    assert world.handler.check_password(PASSWORD)


def test_admin_cannot_reset_to_a_password_containing_the_username(world, admin):
    url = reverse("units:user_reset_password", args=[world.grid_worker.pk])
    response = admin.post(url, {"password": "Grid_Worker-88", "password2": "Grid_Worker-88"})
    assert response.status_code == 400
    assert "密码不能包含用户名或手机号" in response.content.decode()
    world.grid_worker.refresh_from_db()
    assert world.grid_worker.check_password(PASSWORD)


def test_the_rule_is_shown_where_a_password_is_too_short(world, client_for):
    data = {"old_password": PASSWORD, "new_password": "Ab-1234", "new_password2": "Ab-1234"}
    response = client_for(world.handler).post(reverse("password_change"), data)
    assert "密码太短，至少需要 10 个字符" in response.content.decode()


def test_the_password_page_states_the_policy(world, client_for):
    text = client_for(world.handler).get(reverse("password_change")).content.decode()
    assert "至少 10 个字符；不能包含用户名或手机号" in text
