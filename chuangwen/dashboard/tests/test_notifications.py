import pytest
from django.urls import reverse

from chuangwen.problems.inbox import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def messages(world):
    mine = Notification.objects.create(
        recipient=world.handler, kind="assigned", title="新交办问题 P1", url="/problems/1/"
    )
    Notification.objects.create(recipient=world.handler, kind="rejected", title="整改被退回 P2")
    theirs = Notification.objects.create(recipient=world.outsider, kind="assigned", title="交通局的问题")
    return mine, theirs


def test_it_lists_only_my_messages_and_counts_unread(world, messages, client_for):
    response = client_for(world.handler).get(reverse("notifications"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "新交办问题 P1" in body and "整改被退回 P2" in body
    assert "交通局的问题" not in body
    assert response.context["unread_notifications"] == 2


def test_opening_marks_read_and_follows_a_local_link(world, messages, client_for):
    mine, _ = messages
    response = client_for(world.handler).post(reverse("notification_open", args=[mine.pk]))
    assert response.status_code == 302
    assert response.url == "/problems/1/"
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_an_external_link_is_not_followed(world, client_for):
    evil = Notification.objects.create(recipient=world.handler, kind="x", title="x", url="https://evil.example/")
    response = client_for(world.handler).post(reverse("notification_open", args=[evil.pk]))
    assert response.url == reverse("notifications")


def test_the_outsider_cannot_open_or_read_mine(world, messages, client_for):
    mine, _ = messages
    assert client_for(world.outsider).post(reverse("notification_open", args=[mine.pk])).status_code == 404
    mine.refresh_from_db()
    assert mine.read_at is None


def test_read_all_touches_only_my_messages(world, messages, client_for):
    _, theirs = messages
    client_for(world.handler).post(reverse("notification_read_all"))
    assert not Notification.objects.filter(recipient=world.handler, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_wrong_methods(world, client_for):
    client = client_for(world.handler)
    assert client.post(reverse("notifications")).status_code == 405
    assert client.get(reverse("notification_read_all")).status_code == 405
