import pytest
from django.urls import reverse

from chuangwen.audit.models import AuditEvent
from chuangwen.testing import PASSWORD

pytestmark = pytest.mark.django_db
URL = reverse("password_change")


def test_it_changes_password_and_audits(world, client_for):
    client = client_for(world.handler)
    response = client.post(
        URL, {"old_password": PASSWORD, "new_password": "Better-pass-2027", "new_password2": "Better-pass-2027"}
    )
    assert response.status_code == 302
    world.handler.refresh_from_db()
    assert world.handler.check_password("Better-pass-2027")
    assert AuditEvent.objects.filter(event_type="user.password_changed", object_id=str(world.handler.pk)).exists()
    assert client.get(reverse("home")).status_code == 200  # session kept


def test_wrong_old_password_changes_nothing(world, client_for):
    response = client_for(world.handler).post(
        URL, {"old_password": "wrong", "new_password": "Better-pass-2027", "new_password2": "Better-pass-2027"}
    )
    assert response.status_code == 400
    assert "原密码不正确" in response.content.decode()
    world.handler.refresh_from_db()
    assert world.handler.check_password(PASSWORD)


def test_weak_or_mismatched_password_refused(world, client_for):
    client = client_for(world.handler)
    assert (
        client.post(URL, {"old_password": PASSWORD, "new_password": "123", "new_password2": "123"}).status_code == 400
    )
    response = client.post(URL, {"old_password": PASSWORD, "new_password": "Better-pass-2027", "new_password2": "x"})
    assert response.status_code == 400
    assert "不一致" in response.content.decode()
    world.handler.refresh_from_db()
    assert world.handler.check_password(PASSWORD)


def test_anonymous_is_sent_to_login(client):
    assert client.get(URL).status_code == 302
