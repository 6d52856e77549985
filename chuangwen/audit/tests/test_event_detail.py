import pytest
from django.urls import reverse

from chuangwen.audit.models import AuditEvent
from chuangwen.units import services as unit_services

pytestmark = pytest.mark.django_db
DENIED = ["district_officer", "handler", "unit_head", "outsider", "inspector", "leader", "grid_worker"]


def _url(event):
    return reverse("audit:detail", args=[event.pk])


@pytest.fixture
def move(world):
    unit_services.update_unit(world.office_admin, world.street_b, reason="区划调整", parent=world.district_a)
    return AuditEvent.objects.latest("id")


def test_it_shows_the_event_with_names_for_foreign_keys(world, move, client_for):
    response = client_for(world.office_staff).get(_url(move))
    assert response.status_code == 200
    assert response.context["label"] == "修改单位"
    (row,) = response.context["diff"]
    assert row.label == "上级单位"
    assert row.before == f"西城区 (#{world.district_b.pk})"
    assert row.after == f"东城区 (#{world.district_a.pk})"
    body = response.content.decode()
    assert "区划调整" in body and "西华街道" in body and "office_admin" in body
    assert f"object_id={world.street_b.pk}" in body
    assert move.hash in body and move.prev_hash in body  # its link in the hash chain
    assert response.context["section"] == "audit"


def test_an_event_without_changes_says_so(world, client_for):
    unit_services.reset_password(world.office_admin, world.handler, "Winter-Lake-2033")
    event = AuditEvent.objects.latest("id")
    response = client_for(world.office_admin).get(_url(event))
    assert response.status_code == 200
    assert "无字段变更" in response.content.decode()
    assert "Winter-Lake-2033" not in response.content.decode()


def test_an_unknown_object_type_keeps_raw_names(world, client_for):
    from django.db import transaction

    from chuangwen.audit import services as audit

    with transaction.atomic():
        event = audit.record(
            world.office_admin, "legacy.thing", object_type="legacy.thing", object_id="7",
            before={"colour": "red"}, after={"colour": "blue", "tags": ["a", "b"]},
        )  # fmt: skip
    response = client_for(world.office_admin).get(_url(event))
    assert response.status_code == 200
    assert [(d.label, d.before, d.after) for d in response.context["diff"]] == [
        ("colour", "red", "blue"),
        ("tags", "—", '["a", "b"]'),
    ]


def test_unknown_event_is_404(world, client_for):
    assert client_for(world.office_admin).get(reverse("audit:detail", args=[999999])).status_code == 404


def test_wrong_method_is_405(world, move, client_for):
    assert client_for(world.office_admin).post(_url(move)).status_code == 405


@pytest.mark.parametrize("persona", DENIED)
def test_others_are_denied(world, move, client_for, persona):
    assert client_for(world.personas[persona]).get(_url(move)).status_code == 403


def test_anonymous_is_sent_to_login(world, move, client):
    assert client.get(_url(move)).status_code == 302
