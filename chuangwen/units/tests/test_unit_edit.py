import pytest
from django.urls import reverse

from chuangwen.audit.models import AuditEvent
from chuangwen.testing import make_unit
from chuangwen.units import services
from chuangwen.units.models import Unit, UnitKind

from .conftest import NON_ADMINS

pytestmark = pytest.mark.django_db


def _url(unit):
    return reverse("units:unit_edit", args=[unit.pk])


def _data(unit, **changes):
    data = {
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind,
        "parent": unit.parent_id or "",
        "head_name": unit.head_name,
        "head_phone": unit.head_phone,
        "liaison_name": unit.liaison_name,
        "liaison_phone": unit.liaison_phone,
        "sort_order": unit.sort_order,
        "reason": "",
    }
    if unit.is_active:
        data["is_active"] = "on"
    if unit.is_ranked:
        data["is_ranked"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_form_is_prefilled(world, admin):
    response = admin.get(_url(world.dept_a))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["head_name"] == "张局长" and form.initial["parent"] == world.city.pk
    assert "张局长" in response.content.decode()


def test_it_updates_and_audits_only_the_changes(world, admin, row_counts):
    units, users, events = row_counts()
    response = admin.post(_url(world.dept_a), _data(world.dept_a, liaison_name="赵联络", reason="换人"))
    assert response.status_code == 302
    assert response.url == reverse("units:unit_detail", args=[world.dept_a.pk])
    world.dept_a.refresh_from_db()
    assert world.dept_a.liaison_name == "赵联络"
    assert row_counts() == (units, users, events + 1)
    event = AuditEvent.objects.latest("id")
    assert (event.event_type, event.actor, event.reason) == ("unit.updated", world.office_admin, "换人")
    assert event.before == {"liaison_name": ""}
    assert event.after == {"liaison_name": "赵联络"}


def test_an_unchanged_form_writes_no_event(world, admin, row_counts):
    before = row_counts()
    assert admin.post(_url(world.dept_a), _data(world.dept_a)).status_code == 302
    assert row_counts() == before


def test_it_moves_a_unit_and_its_subtree(world, admin):
    response = admin.post(_url(world.street_a), _data(world.street_a, parent=world.district_b.pk))
    assert response.status_code == 302
    world.grid_a.refresh_from_db()
    world.street_a.refresh_from_db()
    assert world.street_a.parent == world.district_b
    assert world.grid_a.path.startswith(world.district_b.path)
    event = AuditEvent.objects.latest("id")
    assert event.before == {"parent_id": world.district_a.pk} and event.after == {"parent_id": world.district_b.pk}


def test_it_deactivates_a_unit_without_people_or_children(world, admin):
    window = make_unit(UnitKind.WINDOW, "市民之家", world.dept_b)
    response = admin.post(_url(window), _data(window, is_active=None))
    assert response.status_code == 302
    window.refresh_from_db()
    assert not window.is_active
    event = AuditEvent.objects.latest("id")
    assert event.before == {"is_active": True} and event.after == {"is_active": False}


def test_deactivation_with_active_people_is_refused(world, admin, row_counts):
    before = row_counts()
    response = admin.post(_url(world.dept_a), _data(world.dept_a, is_active=None))
    assert response.status_code == 400
    assert "单位仍有在岗人员，不能停用" in response.content.decode()
    assert row_counts() == before
    assert Unit.objects.get(pk=world.dept_a.pk).is_active


def test_deactivation_with_active_children_is_refused(world, admin, row_counts):
    before = row_counts()
    response = admin.post(_url(world.street_b), _data(world.street_b))  # sanity: no change, no event
    assert response.status_code == 302
    response = admin.post(_url(world.district_b), _data(world.district_b, is_active=None))
    assert response.status_code == 400
    assert "下级单位仍在启用" in response.content.decode()
    assert row_counts() == before


def test_a_street_under_a_department_is_refused(world, admin, row_counts):
    before = row_counts()
    response = admin.post(_url(world.street_b), _data(world.street_b, parent=world.dept_a.pk))
    assert response.status_code == 400
    assert "该类型的单位不能设在所选上级单位之下" in response.content.decode()
    assert row_counts() == before
    assert Unit.objects.get(pk=world.street_b.pk).parent_id == world.district_b.pk


def test_a_unit_cannot_move_under_its_own_child(world, admin, row_counts):
    office = make_unit(UnitKind.DEPARTMENT, "执法支队", world.dept_a)
    before = row_counts()
    response = admin.post(_url(world.dept_a), _data(world.dept_a, parent=office.pk))
    assert response.status_code == 400
    assert "上级单位不能是本单位或其下级单位" in response.content.decode()
    assert row_counts() == before


def test_a_kind_change_that_strands_children_is_refused(world, admin, row_counts):
    before = row_counts()
    response = admin.post(
        _url(world.street_a), _data(world.street_a, kind=UnitKind.COMMUNITY, parent=world.street_b.pk)
    )
    assert response.status_code == 400
    assert "下级单位不能设在该类型的单位之下" in response.content.decode()
    assert row_counts() == before


def test_a_kind_change_that_mismatches_people_is_refused(world, admin, row_counts):
    before = row_counts()
    response = admin.post(_url(world.district_a), _data(world.district_a, kind=UnitKind.DEPARTMENT))
    assert response.status_code == 400
    assert row_counts() == before
    assert Unit.objects.get(pk=world.district_a.pk).kind == UnitKind.DISTRICT


def test_reactivation_under_an_inactive_parent_is_refused(world, admin, row_counts):
    window = make_unit(UnitKind.WINDOW, "车站", world.dept_b, is_active=False)
    services.update_user(world.office_admin, world.outsider, is_active=False)
    assert admin.post(_url(world.dept_b), _data(world.dept_b, is_active=None)).status_code == 302
    before = row_counts()
    response = admin.post(_url(window), _data(window, is_active="on"))
    assert response.status_code == 400
    assert "上级单位已停用" in response.content.decode()
    assert row_counts() == before


def test_a_duplicate_code_is_refused(world, admin, row_counts):
    before = row_counts()
    response = admin.post(_url(world.dept_a), _data(world.dept_a, code="D-JT"))
    assert response.status_code == 400
    assert "单位编码已存在" in response.content.decode()
    assert row_counts() == before


def test_a_bad_phone_is_refused(world, admin, row_counts):
    before = row_counts()
    response = admin.post(_url(world.dept_a), _data(world.dept_a, liaison_phone="<script>"))
    assert response.status_code == 400
    assert "请输入有效的电话号码" in response.content.decode()
    assert row_counts() == before


def test_unknown_unit_is_404(world, admin):
    assert admin.get(reverse("units:unit_edit", args=[999999])).status_code == 404


def test_wrong_method_is_405(world, admin):
    assert admin.delete(_url(world.dept_a)).status_code == 405


@pytest.mark.parametrize("persona", NON_ADMINS)
def test_non_admins_are_denied(world, client_for, persona, row_counts):
    before = row_counts()
    client = client_for(world.personas[persona])
    assert client.get(_url(world.dept_a)).status_code == 403
    assert client.post(_url(world.dept_a), _data(world.dept_a, name="改名")).status_code == 403
    assert row_counts() == before


def test_anonymous_is_sent_to_login(world, client):
    assert client.post(_url(world.dept_a), _data(world.dept_a, name="改名")).status_code == 302
    assert Unit.objects.get(pk=world.dept_a.pk).name == "市城管局"


def test_the_office_can_take_a_unit_out_of_the_rankings(world, admin):
    data = _data(world.dept_a, reason="组织单位不参加排名")
    del data["is_ranked"]
    assert admin.post(_url(world.dept_a), data).status_code == 302
    world.dept_a.refresh_from_db()
    assert not world.dept_a.is_ranked
    event = AuditEvent.objects.latest("id")
    assert (event.before, event.after) == ({"is_ranked": True}, {"is_ranked": False})
