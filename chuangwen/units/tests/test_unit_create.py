import pytest
from django.urls import reverse

from chuangwen.audit.models import AuditEvent
from chuangwen.units import services
from chuangwen.units.models import Unit, UnitKind

from .conftest import NON_ADMINS

pytestmark = pytest.mark.django_db
URL = reverse("units:unit_create")


def _data(world, **extra):
    data = {
        "code": "DA-S2",
        "name": "东湖街道",
        "kind": UnitKind.STREET,
        "parent": world.district_a.pk,
        "head_name": "王主任",
        "head_phone": "13811112222",
        "liaison_name": "李干事",
        "liaison_phone": "027-88886666",
        "sort_order": "2",
        "is_active": "on",
        "is_ranked": "on",
    }
    data.update(extra)
    return data


def test_it_creates_a_unit_and_audits_it(world, admin, row_counts):
    units, users, events = row_counts()
    response = admin.post(URL, _data(world))
    unit = Unit.objects.get(code="DA-S2")
    assert response.status_code == 302
    assert response.url == reverse("units:unit_detail", args=[unit.pk])
    assert unit.parent == world.district_a and unit.path == f"{world.district_a.path}{unit.pk}/"
    assert row_counts() == (units + 1, users, events + 1)
    event = AuditEvent.objects.get(event_type="unit.created", object_id=str(unit.pk))
    assert event.actor == world.office_admin
    assert event.before is None
    assert event.after["name"] == "东湖街道" and event.after["parent_id"] == world.district_a.pk
    assert event.after["liaison_phone"] == "027-88886666" and event.after["is_active"] is True


def test_it_prefills_parent_and_child_kind(world, admin):
    response = admin.get(URL, {"parent": world.street_a.pk})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["parent"] == world.street_a.pk
    assert form.initial["kind"] == UnitKind.COMMUNITY
    assert response.context["section"] == "units"


def test_a_bad_parent_id_is_ignored(world, admin):
    assert admin.get(URL, {"parent": "x"}).status_code == 200
    assert admin.get(URL, {"parent": "99999"}).status_code == 200


def test_a_street_under_a_department_is_refused(world, admin, row_counts):
    before = row_counts()
    response = admin.post(URL, _data(world, parent=world.dept_a.pk))
    assert response.status_code == 400
    assert "该类型的单位不能设在所选上级单位之下" in response.content.decode()
    assert response.context["form"].errors["parent"]
    assert row_counts() == before


def test_a_duplicate_code_is_refused(world, admin, row_counts):
    before = row_counts()
    response = admin.post(URL, _data(world, code="DA"))
    assert response.status_code == 400
    assert "单位编码已存在" in response.content.decode()
    assert row_counts() == before


def test_a_bad_phone_is_refused(world, admin, row_counts):
    before = row_counts()
    response = admin.post(URL, _data(world, head_phone="call me"))
    assert response.status_code == 400
    assert "请输入有效的电话号码" in response.content.decode()
    assert row_counts() == before


def test_missing_fields_are_refused(world, admin, row_counts):
    before = row_counts()
    response = admin.post(URL, {"kind": UnitKind.STREET})
    assert response.status_code == 400
    assert set(response.context["form"].errors) >= {"code", "name"}
    assert row_counts() == before


def test_an_inactive_parent_is_not_offered(world, admin, row_counts):
    services.update_unit(world.office_admin, world.street_b, is_active=False)
    before = row_counts()
    response = admin.post(URL, _data(world, kind=UnitKind.COMMUNITY, parent=world.street_b.pk))
    assert response.status_code == 400
    assert row_counts() == before


def test_wrong_method_is_405(world, admin):
    assert admin.put(URL).status_code == 405


@pytest.mark.parametrize("persona", NON_ADMINS)
def test_non_admins_are_denied(world, client_for, persona, row_counts):
    before = row_counts()
    client = client_for(world.personas[persona])
    assert client.get(URL).status_code == 403
    assert client.post(URL, _data(world)).status_code == 403
    assert row_counts() == before


def test_anonymous_is_sent_to_login(world, client, row_counts):
    before = row_counts()
    assert client.post(URL, _data(world)).status_code == 302
    assert row_counts() == before
