"""With an authenticator, the password is followed by a code from it or by a recovery code (each
usable once); wrong codes are throttled; the person may see and renew their recovery codes."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from chuangwen.audit.models import AuditEvent
from chuangwen.units.tests.conftest import current_code, password_login

pytestmark = pytest.mark.django_db
VERIFY = reverse("two_factor_verify")


@pytest.fixture
def staff(world, two_factor_on, enrolled):
    key, codes = enrolled(world.office_staff)
    return world.office_staff, key, codes


def test_after_the_password_the_code_is_asked(staff):
    user, _key, _codes = staff
    client = password_login(user)
    response = client.get("/problems/")
    assert response.status_code == 302
    assert response.url == f"{VERIFY}?next=%2Fproblems%2F"
    assert "请输入手机身份验证器中显示的 6 位验证码" in client.get(response.url).content.decode()


def test_the_next_code_of_the_authenticator_lets_the_person_in(staff):
    user, key, _codes = staff
    client = password_login(user)
    response = client.post(VERIFY, {"code": current_code(key, 1), "next": "/problems/"})
    assert response.status_code == 302
    assert response.url == "/problems/"
    assert client.get("/problems/").status_code == 200


def test_the_code_used_at_enrolment_cannot_be_replayed(staff):
    user, key, _codes = staff
    client = password_login(user)
    response = client.post(VERIFY, {"code": current_code(key)})
    assert response.status_code == 400
    assert "验证码或恢复码不正确" in response.content.decode()
    assert client.get("/problems/").status_code == 302


def test_a_recovery_code_works_once_and_is_audited(staff):
    user, _key, codes = staff
    first = password_login(user)
    response = first.post(VERIFY, {"code": codes[0].upper()}, follow=True)  # typed in capitals
    assert response.status_code == 200
    assert "已使用一个恢复码，还剩 9 个" in response.content.decode()
    event = AuditEvent.objects.get(event_type="user.recovery_code_used")
    assert event.object_id == str(user.pk) and event.after == {"remaining": 9}
    again = password_login(user)
    with time_machine.travel(_later(5)):
        response = again.post(VERIFY, {"code": codes[0]})
    assert response.status_code == 400
    assert again.get("/problems/").status_code == 302
    assert StaticToken.objects.filter(device__user=user).count() == 9


def _later(seconds: int):
    import datetime

    from django.utils import timezone

    return timezone.now() + datetime.timedelta(seconds=seconds)


def test_wrong_codes_are_throttled(staff):
    user, key, _codes = staff
    client = password_login(user)
    assert client.post(VERIFY, {"code": _wrong(key)}).status_code == 400
    response = client.post(VERIFY, {"code": _wrong(key)})  # at once: django-otp wants a second's pause
    assert response.status_code == 429
    assert "错误次数过多，请" in response.content.decode()
    device = TOTPDevice.objects.get(user=user)
    assert device.throttling_failure_count == 1  # the refused try was not even checked


def test_throttling_is_per_device_and_backs_off(staff):
    user, key, _codes = staff
    device = TOTPDevice.objects.get(user=user)
    device.throttling_failure_count, device.throttling_failure_timestamp = 6, _later(0)
    device.save()
    client = password_login(user)
    with time_machine.travel(_later(20)):
        response = client.post(VERIFY, {"code": current_code(key, 1)})  # right code, but 32 s not passed
    assert response.status_code == 429
    assert client.get("/problems/").status_code == 302


def _wrong(key: str) -> str:
    right = {current_code(key, n) for n in (-1, 0, 1)}
    return next(c for c in ("123456", "654321", "111111", "222222") if c not in right)


def test_the_person_sees_and_renews_their_recovery_codes(staff, client_for):
    user, key, codes = staff
    client = password_login(user)
    client.post(VERIFY, {"code": current_code(key, 1)})
    page = client.get(reverse("two_factor_manage")).content.decode()
    assert all(code in page for code in codes)
    response = client.post(reverse("two_factor_regenerate"), follow=True)
    assert "已生成新的恢复码，原有恢复码全部作废" in response.content.decode()
    new = list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(new) == 10 and not set(new) & set(codes)
    assert AuditEvent.objects.filter(event_type="user.recovery_codes_regenerated", object_id=str(user.pk)).exists()


def test_regenerating_needs_post(staff):
    user, key, _codes = staff
    client = password_login(user)
    client.post(VERIFY, {"code": current_code(key, 1)})
    assert client.get(reverse("two_factor_regenerate")).status_code == 405


def test_a_new_login_asks_again(staff):
    user, key, _codes = staff
    client = password_login(user)
    client.post(VERIFY, {"code": current_code(key, 1)})
    client.post(reverse("logout"))
    client = password_login(user)
    assert client.get("/problems/").url.startswith(VERIFY)


def test_next_cannot_lead_off_the_site(staff):
    user, key, _codes = staff
    client = password_login(user)
    response = client.post(VERIFY, {"code": current_code(key, 1), "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response.url == reverse("home")
