"""The office's Open311 pages: api_keys (issued once, hashed, revoked, limited) and the attributes
of a category; everyone else is refused and nothing changes."""

from __future__ import annotations

import hashlib

import pytest

from chuangwen.audit.models import AuditEvent
from chuangwen.citizens.models import Open311Key, ServiceAttribute
from chuangwen.citizens.tests.open311_support import make_key, make_service

pytestmark = pytest.mark.django_db
OTHERS = ("district_officer", "handler", "unit_head", "outsider", "inspector", "leader", "grid_worker")


def test_issuing_shows_the_key_once_and_stores_its_hash(world, client_for):
    client = client_for(world.office_staff)
    response = client.post(
        "/citizens/keys/", {"name": "市民App", "contact": "张工 13800000000", "rate_limit_per_hour": "50"}
    )
    assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
    secret = response.context["secret"]
    assert secret.startswith("o311_") and secret in response.content.decode()
    key = Open311Key.objects.get()
    assert key.key_hash == hashlib.sha256(secret.encode()).hexdigest() and key.rate_limit_per_hour == 50
    assert AuditEvent.objects.filter(event_type="open311_key.issued", object_id=str(key.pk)).exists()
    page = client.get("/citizens/keys/").content.decode()
    assert secret not in page and key.prefix in page


def test_bad_input_is_refused_with_a_message(world, client_for):
    client = client_for(world.office_admin)
    response = client.post("/citizens/keys/", {"name": " ", "rate_limit_per_hour": "0"})
    assert response.status_code == 400 and Open311Key.objects.count() == 0


def test_revoke_and_limit(world, client_for):
    key, _ = make_key(world)
    client = client_for(world.office_admin)
    client.post(f"/citizens/keys/{key.pk}/limit/", {"rate_limit_per_hour": "5"})
    key.refresh_from_db()
    assert key.rate_limit_per_hour == 5
    assert client.post(f"/citizens/keys/{key.pk}/limit/", {"rate_limit_per_hour": "x"}).status_code == 302
    key.refresh_from_db()
    assert key.rate_limit_per_hour == 5
    client.post(f"/citizens/keys/{key.pk}/revoke/")
    key.refresh_from_db()
    assert key.revoked_at is not None
    types = set(AuditEvent.objects.filter(object_id=str(key.pk)).values_list("event_type", flat=True))
    assert {"open311_key.rate_changed", "open311_key.revoked"} <= types


@pytest.mark.parametrize("persona", OTHERS)
def test_only_the_office_manages_keys_and_attributes(world, client_for, persona):
    key, _ = make_key(world)
    category = make_service(world)
    attribute = ServiceAttribute.objects.filter(category=category).first()
    client = client_for(world.personas[persona])
    events = AuditEvent.objects.count()
    assert client.post("/citizens/keys/", {"name": "x", "rate_limit_per_hour": "5"}).status_code == 403
    assert client.post(f"/citizens/keys/{key.pk}/revoke/").status_code == 403
    assert client.post(f"/citizens/keys/{key.pk}/limit/", {"rate_limit_per_hour": "1"}).status_code == 403
    assert client.post(f"/citizens/keys/services/{category.pk}/new/", {"code": "x"}).status_code == 403
    assert client.post(f"/citizens/keys/attributes/{attribute.pk}/delete/").status_code == 403
    assert AuditEvent.objects.count() == events and Open311Key.objects.get().revoked_at is None


def test_office_manages_a_categorys_attributes(world, client_for):
    category = make_service(world)
    client = client_for(world.office_staff)
    assert "垃圾种类" in client.get(f"/citizens/keys/services/{category.pk}/").content.decode()
    assert client.get("/citizens/keys/services/").status_code == 200
    form = {"code": "color", "description": "颜色", "datatype": "singlevaluelist", "variable": "on",
            "values": "r=红色\ng=绿色", "order": "7"}  # fmt: skip
    response = client.post(f"/citizens/keys/services/{category.pk}/new/", form)
    assert response.status_code == 302
    color = ServiceAttribute.objects.get(code="color")
    assert color.values == [{"key": "r", "name": "红色"}, {"key": "g", "name": "绿色"}]
    refused = client.post(f"/citizens/keys/services/{category.pk}/new/", form | {"code": "again", "values": ""})
    assert refused.status_code == 400 and not ServiceAttribute.objects.filter(code="again").exists()
    duplicate_order = client.post(
        f"/citizens/keys/services/{category.pk}/new/", form | {"code": "again2", "order": "1"}
    )
    assert duplicate_order.status_code == 400
    client.post(f"/citizens/keys/attributes/{color.pk}/", form | {"required": "on", "description": "主色"})
    color.refresh_from_db()
    assert color.required and color.description == "主色"
    client.post(f"/citizens/keys/attributes/{color.pk}/delete/")
    assert not ServiceAttribute.objects.filter(code="color").exists()
    types = list(
        AuditEvent.objects.filter(event_type__startswith="open311_attribute.").values_list("event_type", flat=True)
    )
    assert {"open311_attribute.created", "open311_attribute.updated", "open311_attribute.deleted"} <= set(types)
