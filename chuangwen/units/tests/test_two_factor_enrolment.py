"""An office user without an authenticator is sent to enrolment after the password; until they
confirm a code, every page sends them back there. Enrolment shows ten recovery codes."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from chuangwen.apitokens import services as tokens
from chuangwen.audit.models import AuditEvent
from chuangwen.units.tests.conftest import current_code, password_login

pytestmark = pytest.mark.django_db
SETUP = reverse("two_factor_setup")


def test_after_the_password_an_office_user_is_sent_to_enrolment(world, two_factor_on):
    client = password_login(world.office_staff)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == f"{SETUP}?next=%2F"
    page = client.get(response.url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "启用双重验证" in text
    assert 'src="data:image/svg+xml' in text  # the QR code, inline (CSP allows data: images)
    assert 'id="two-factor-secret"' in text


@pytest.mark.parametrize("path", ["/problems/", "/units/people/", "/accounts/tokens/", "/accounts/password/"])
def test_every_page_waits_for_the_second_factor(world, two_factor_on, path):
    response = password_login(world.office_admin).get(path)
    assert response.status_code == 302
    assert response.url.startswith(SETUP)


def test_the_api_answers_401_to_an_unverified_session(world, two_factor_on):
    response = password_login(world.office_staff).get("/api/me")
    assert response.status_code == 401
    assert response.json() == {"detail": "请先完成双重验证"}


def test_an_api_token_works_as_before(world, two_factor_on):
    _token, secret = tokens.issue_token(world.office_staff, name="脚本")
    response = password_login(world.office_staff).get("/api/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200
    assert response.json()["username"] == "office_staff"


def test_an_authorization_header_does_not_open_the_pages(world, two_factor_on):
    response = password_login(world.office_staff).get("/problems/", headers={"Authorization": "Bearer x"})
    assert response.status_code == 302
    assert response.url.startswith(SETUP)


def test_the_api_judges_a_token_alone_even_beside_an_unverified_session(world, two_factor_on):
    response = password_login(world.office_staff).get("/api/me", headers={"Authorization": "Bearer not-a-token"})
    assert response.status_code == 401


def test_htmx_requests_are_told_to_reload_at_enrolment(world, two_factor_on):
    response = password_login(world.office_staff).get("/problems/", headers={"HX-Request": "true"})
    assert response["HX-Redirect"].startswith(SETUP)


def test_a_wrong_code_is_refused_and_binds_nothing(world, two_factor_on):
    client = password_login(world.office_staff)
    client.get(SETUP)
    events = AuditEvent.objects.count()
    response = client.post(SETUP, {"code": "000000" if current_code(_key(client)) != "000000" else "111111"})
    assert response.status_code == 400
    assert "验证码不正确" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=world.office_staff).exists()
    assert AuditEvent.objects.count() == events
    assert client.get(reverse("home")).status_code == 302


def test_an_empty_code_is_refused(world, two_factor_on):
    client = password_login(world.office_staff)
    response = client.post(SETUP, {"code": ""})
    assert response.status_code == 400
    assert "这个字段是必填项" in response.content.decode()


def _key(client) -> str:
    return client.session["two_factor_pending_key"]


def test_confirming_a_code_binds_the_authenticator_and_shows_ten_recovery_codes(world, two_factor_on):
    client = password_login(world.office_staff)
    client.get(SETUP + "?next=/problems/")
    response = client.post(SETUP, {"code": current_code(_key(client)), "next": "/problems/"}, follow=True)
    assert response.status_code == 200
    text = response.content.decode()
    assert "双重验证已启用" in text
    codes = list(StaticToken.objects.filter(device__user=world.office_staff).values_list("token", flat=True))
    assert len(codes) == 10 and all(code in text for code in codes)
    assert 'href="/problems/"' in text  # 继续 goes where the person was going
    assert TOTPDevice.objects.get(user=world.office_staff).confirmed
    event = AuditEvent.objects.get(event_type="user.two_factor_enrolled")
    assert event.object_id == str(world.office_staff.pk) and event.actor == world.office_staff
    assert client.get(reverse("home")).status_code == 200  # this session is verified


def test_with_an_authenticator_the_password_alone_cannot_bind_another(world, two_factor_on, enrolled):
    enrolled(world.office_staff)
    client = password_login(world.office_staff)
    response = client.get(SETUP)
    assert response.status_code == 302
    assert response.url.startswith(reverse("two_factor_verify"))
    key = TOTPDevice.objects.get(user=world.office_staff).key
    client.post(SETUP, {"code": "123456"})
    assert TOTPDevice.objects.get(user=world.office_staff).key == key


def test_recovery_codes_need_a_verified_session(world, two_factor_on, enrolled):
    enrolled(world.office_staff)
    client = password_login(world.office_staff)
    response = client.get(reverse("two_factor_manage"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("two_factor_verify"))
    assert client.post(reverse("two_factor_regenerate")).status_code == 302
    assert StaticToken.objects.filter(device__user=world.office_staff).count() == 10


def test_roles_without_the_requirement_are_not_asked(world, two_factor_on, client_for):
    client = password_login(world.handler)
    assert client.get(reverse("home")).status_code == 200
    response = client.get(SETUP, follow=True)
    assert "您的角色无需双重验证" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=world.handler).exists()


def test_with_the_setting_empty_nobody_is_asked(world, settings):
    settings.TWO_FACTOR_ROLES = []
    assert password_login(world.office_admin).get(reverse("home")).status_code == 200


def test_the_menus_wait_for_the_second_factor_too(world, two_factor_on):
    text = password_login(world.office_staff).get(SETUP).content.decode()
    assert 'id="user-menu"' not in text and 'id="notifications-link"' not in text
    assert "退出登录" in text
