"""The office admin resets a person's second factor from the people page (a lost phone): audited,
and the person must enrol again, in every session. Nobody else may."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from chuangwen.audit.labels import event_label
from chuangwen.audit.models import AuditEvent
from chuangwen.units.tests.conftest import NON_ADMINS, current_code, password_login

pytestmark = pytest.mark.django_db


def _url(user) -> str:
    return reverse("units:user_reset_two_factor", args=[user.pk])


def test_the_people_page_shows_the_second_factor(world, admin, enrolled):
    enrolled(world.office_staff)
    text = admin.get(reverse("units:user_edit", args=[world.office_staff.pk])).content.decode()
    assert "已绑定身份验证器" in text and "剩余恢复码 10 个" in text and "重置双重验证" in text
    text = admin.get(reverse("units:user_edit", args=[world.leader.pk])).content.decode()
    assert "未绑定身份验证器" in text


def test_admin_resets_and_the_person_must_enrol_again(world, two_factor_on, enrolled, client_for):
    key, _codes = enrolled(world.office_staff)
    theirs = password_login(world.office_staff)
    theirs.post(reverse("two_factor_verify"), {"code": current_code(key, 1)})
    assert theirs.get("/problems/").status_code == 200
    admin = password_login(world.office_admin)
    admin_key, _ = enrolled(world.office_admin)
    admin.post(reverse("two_factor_verify"), {"code": current_code(admin_key, 1)})
    response = admin.post(_url(world.office_staff), {"reason": "手机丢失"}, follow=True)
    assert response.status_code == 200
    assert "已重置双重验证" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=world.office_staff).exists()
    assert not StaticDevice.objects.filter(user=world.office_staff).exists()
    event = AuditEvent.objects.get(event_type="user.two_factor_reset")
    assert event.actor == world.office_admin and event.object_id == str(world.office_staff.pk)
    assert event.reason == "手机丢失"
    assert event_label(event) == "管理员重置双重验证"  # as the audit log lists it
    response = theirs.get("/problems/")  # the session they had is no longer verified
    assert response.status_code == 302
    assert response.url.startswith(reverse("two_factor_setup"))


@pytest.mark.parametrize("persona", NON_ADMINS)
def test_nobody_else_may_reset(world, client_for, enrolled, persona):
    enrolled(world.office_staff)
    events = AuditEvent.objects.count()
    response = client_for(world.personas[persona]).post(_url(world.office_staff))
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=world.office_staff).exists()
    assert AuditEvent.objects.count() == events


def test_reset_needs_post_and_an_existing_person(world, admin):
    assert admin.get(_url(world.office_staff)).status_code == 405
    assert admin.post(reverse("units:user_reset_two_factor", args=[999999])).status_code == 404


def test_an_unknown_role_in_the_setting_fails_the_system_check(settings):
    from chuangwen.units.checks import two_factor_roles_check

    settings.TWO_FACTOR_ROLES = ["office_admin", "ofice_staff"]
    errors = two_factor_roles_check(None)
    assert [e.id for e in errors] == ["units.E001"] and "ofice_staff" in errors[0].msg
    settings.TWO_FACTOR_ROLES = ["office_admin", "office_staff"]
    assert two_factor_roles_check(None) == []
