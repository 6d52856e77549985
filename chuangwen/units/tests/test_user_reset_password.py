import pytest
from django.urls import reverse

from chuangwen.audit.models import AuditEvent
from chuangwen.testing import PASSWORD

from .conftest import NON_ADMINS

pytestmark = pytest.mark.django_db
NEW = "Autumn-River-2032"


def _url(user):
    return reverse("units:user_reset_password", args=[user.pk])


def test_it_resets_the_password_audits_and_ends_their_sessions(world, admin, client_for, row_counts):
    theirs = client_for(world.handler)
    assert theirs.get(reverse("home")).status_code == 200
    units, users, events = row_counts()
    response = admin.post(_url(world.handler), {"password": NEW, "password2": NEW})
    assert response.status_code == 302
    assert response.url == reverse("units:user_edit", args=[world.handler.pk])
    world.handler.refresh_from_db()
    assert world.handler.check_password(NEW)
    assert row_counts() == (units, users, events + 1)
    event = AuditEvent.objects.latest("id")
    assert (event.event_type, event.actor, event.object_id) == (
        "user.password_reset",
        world.office_admin,
        str(world.handler.pk),
    )
    assert event.before is None and event.after is None
    assert theirs.get(reverse("home")).status_code == 302  # logged out


def test_resetting_ones_own_password_keeps_the_session(world, admin):
    assert admin.post(_url(world.office_admin), {"password": NEW, "password2": NEW}).status_code == 302
    assert admin.get(reverse("home")).status_code == 200


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"password": "handler1", "password2": "handler1"}, "密码"),
        ({"password": "8765432109", "password2": "8765432109"}, "密码只包含数字"),
        ({"password": "Ab-1", "password2": "Ab-1"}, "密码太短，至少需要 10 个字符"),
        ({"password": NEW, "password2": NEW + "x"}, "两次输入的密码不一致"),
        ({"password": "", "password2": ""}, "这个字段是必填项"),
    ],
)
def test_weak_or_mismatched_password_is_refused(world, admin, row_counts, data, message):
    before = row_counts()
    response = admin.post(_url(world.handler), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert response.context["reset_form"].errors
    assert row_counts() == before
    world.handler.refresh_from_db()
    assert world.handler.check_password(PASSWORD)


def test_unknown_person_is_404(world, admin):
    assert admin.post(reverse("units:user_reset_password", args=[999999]), {}).status_code == 404


def test_get_is_405(world, admin):
    assert admin.get(_url(world.handler)).status_code == 405


@pytest.mark.parametrize("persona", NON_ADMINS)
def test_non_admins_are_denied(world, client_for, persona, row_counts):
    before = row_counts()
    response = client_for(world.personas[persona]).post(_url(world.handler), {"password": NEW, "password2": NEW})
    assert response.status_code == 403
    assert row_counts() == before
    world.handler.refresh_from_db()
    assert world.handler.check_password(PASSWORD)


def test_anonymous_is_sent_to_login(world, client):
    assert client.post(_url(world.handler), {"password": NEW, "password2": NEW}).status_code == 302
    world.handler.refresh_from_db()
    assert world.handler.check_password(PASSWORD)
