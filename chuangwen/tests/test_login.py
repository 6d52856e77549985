import pytest
from django.test import Client
from django.urls import reverse

from chuangwen.testing import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "persona",
    [
        "office_admin",
        "office_staff",
        "district_officer",
        "handler",
        "unit_head",
        "outsider",
        "inspector",
        "leader",
        "grid_worker",
    ],
)
def test_every_persona_logs_in_and_reaches_home(world, persona):
    user = world.personas[persona]
    client = Client()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("home")
    assert user.display_name in response.content.decode()


def test_anonymous_home_redirects_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_wrong_password_shows_chinese_error(world):
    response = Client().post(reverse("login"), {"username": "handler", "password": "nope"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


def test_repeated_failures_lock_out(world, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "handler", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "handler", "password": PASSWORD})
    assert response.status_code == 429
    assert "账户已临时锁定" in response.content.decode()


def test_logout_needs_post_and_ends_session(world, client_for):
    client = client_for(world.handler)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_home_in_english_when_chosen(world, client_for):
    client = client_for(world.office_staff)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("home"))
    assert response.status_code == 200
