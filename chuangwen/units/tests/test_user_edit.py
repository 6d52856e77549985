import pytest
from django.urls import reverse

from chuangwen.audit.models import AuditEvent
from chuangwen.units.models import Role, User

from .conftest import NON_ADMINS

pytestmark = pytest.mark.django_db


def _url(user):
    return reverse("units:user_edit", args=[user.pk])


def _data(user, **changes):
    data = {
        "name": user.name,
        "phone": user.phone,
        "email": user.email,
        "role": user.role,
        "unit": user.unit_id or "",
        "reason": "",
    }
    if user.is_active:
        data["is_active"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_page_shows_both_forms(world, admin):
    response = admin.get(_url(world.handler))
    assert response.status_code == 200
    assert response.context["form"].initial["unit"] == world.dept_a.pk
    body = response.content.decode()
    assert "重置密码" in body and reverse("units:user_reset_password", args=[world.handler.pk]) in body
    assert response.context["section"] == "users"


def test_it_moves_a_person_and_audits_the_change(world, admin, row_counts):
    units, users, events = row_counts()
    response = admin.post(
        _url(world.handler), _data(world.handler, unit=world.dept_b.pk, phone="13500000000", reason="调岗")
    )
    assert response.status_code == 302
    world.handler.refresh_from_db()
    assert world.handler.unit == world.dept_b and world.handler.phone == "13500000000"
    assert row_counts() == (units, users, events + 1)
    event = AuditEvent.objects.latest("id")
    assert (event.event_type, event.actor, event.reason) == ("user.updated", world.office_admin, "调岗")
    assert event.before == {"phone": "", "unit_id": world.dept_a.pk}
    assert event.after == {"phone": "13500000000", "unit_id": world.dept_b.pk}


def test_it_deactivates_a_person(world, admin):
    assert admin.post(_url(world.outsider), _data(world.outsider, is_active=None)).status_code == 302
    assert not User.objects.get(pk=world.outsider.pk).is_active
    assert AuditEvent.objects.latest("id").after == {"is_active": False}


@pytest.mark.parametrize(
    ("persona", "changes", "message"),
    [
        ("handler", {"phone": "abc"}, "请输入有效的电话号码"),
        ("handler", {"email": "not-an-email"}, "输入一个有效的 Email 地址"),
        ("handler", {"unit": ""}, "该角色必须指定所属单位"),
        ("grid_worker", {"unit": "DEPT_A"}, "所属单位的类型与角色不符"),
        ("district_officer", {"role": Role.DISTRICT_OFFICE, "unit": "STREET_A"}, "所属单位的类型与角色不符"),
        ("office_admin", {"is_active": None}, "不能停用自己或修改自己的角色"),
        ("office_admin", {"role": Role.OFFICE_STAFF}, "不能停用自己或修改自己的角色"),
        ("handler", {"role": "king"}, "选择一个有效的选项"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(world, admin, row_counts, persona, changes, message):
    user = world.personas[persona]
    units = {"DEPT_A": world.dept_a.pk, "STREET_A": world.street_a.pk}
    changes = {k: units.get(v, v) if isinstance(v, str) else v for k, v in changes.items()}
    before = row_counts()
    snapshot = User.objects.filter(pk=user.pk).values().get()
    response = admin.post(_url(user), _data(user, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert row_counts() == before
    assert User.objects.filter(pk=user.pk).values().get() == snapshot


def test_unknown_person_is_404(world, admin):
    assert admin.get(reverse("units:user_edit", args=[999999])).status_code == 404


def test_wrong_method_is_405(world, admin):
    assert admin.put(_url(world.handler)).status_code == 405


@pytest.mark.parametrize("persona", NON_ADMINS)
def test_non_admins_are_denied(world, client_for, persona, row_counts):
    before = row_counts()
    client = client_for(world.personas[persona])
    assert client.get(_url(world.handler)).status_code == 403
    assert client.post(_url(world.handler), _data(world.handler, name="X")).status_code == 403
    assert row_counts() == before


def test_anonymous_is_sent_to_login(world, client):
    assert client.post(_url(world.handler), _data(world.handler, name="X")).status_code == 302
    assert User.objects.get(pk=world.handler.pk).name == "handler"
