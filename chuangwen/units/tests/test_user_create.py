import pytest
from django.test import Client
from django.urls import reverse

from chuangwen.audit.models import AuditEvent
from chuangwen.units import services
from chuangwen.units.models import Role, User

from .conftest import NON_ADMINS

pytestmark = pytest.mark.django_db
URL = reverse("units:user_create")
PASSWORD = "Spring-Garden-2031"


def _data(world, **extra):
    data = {
        "username": "wang5",
        "name": "王五",
        "phone": "13699998888",
        "email": "wang5@example.cn",
        "role": Role.UNIT_HANDLER,
        "unit": world.dept_b.pk,
        "password": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(extra)
    return data


def test_it_creates_a_person_who_can_log_in(world, admin, row_counts):
    units, users, events = row_counts()
    response = admin.post(URL, _data(world))
    user = User.objects.get(username="wang5")
    assert response.status_code == 302
    assert response.url == reverse("units:user_edit", args=[user.pk])
    assert (user.name, user.role, user.unit, user.is_active) == ("王五", Role.UNIT_HANDLER, world.dept_b, True)
    assert row_counts() == (units, users + 1, events + 1)
    event = AuditEvent.objects.get(event_type="user.created", object_id=str(user.pk))
    assert event.actor == world.office_admin and event.before is None
    assert event.after["unit_id"] == world.dept_b.pk and event.after["role"] == Role.UNIT_HANDLER
    assert "password" not in event.after
    login = Client().post(reverse("login"), {"username": "wang5", "password": PASSWORD})
    assert login.status_code == 302


def test_a_grid_cell_found_by_search_is_accepted(world, admin):
    data = _data(world, username="grid2", role=Role.GRID_WORKER, unit=world.grid_a.pk)
    assert admin.post(URL, data).status_code == 302
    assert User.objects.get(username="grid2").unit == world.grid_a


def test_an_inactive_unit_is_refused(world, admin, row_counts):
    services.update_unit(world.office_admin, world.street_b, is_active=False)
    before = row_counts()
    response = admin.post(URL, _data(world, unit=world.street_b.pk))
    assert response.status_code == 400
    assert "选择一个有效的选项" in response.content.decode()
    assert row_counts() == before


def test_a_rejected_grid_cell_stays_selected(world, admin):
    response = admin.post(URL, _data(world, role=Role.GRID_WORKER, unit=world.grid_a.pk, phone="x"))
    assert response.status_code == 400
    assert f'<option value="{world.grid_a.pk}" selected>' in response.content.decode()


def test_it_prefills_the_unit(world, admin):
    response = admin.get(URL, {"unit": world.grid_a.pk})
    assert response.status_code == 200
    assert response.context["form"].initial["unit"] == str(world.grid_a.pk)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"password": "qwertyuiop", "password2": "qwertyuiop"}, "这个密码太常见了"),
        ({"password": "Ab-1", "password2": "Ab-1"}, "密码太短，至少需要 10 个字符"),
        ({"password2": "Other-pass-2031"}, "两次输入的密码不一致"),
        ({"username": "HANDLER"}, "用户名已存在"),
        ({"phone": "phone?"}, "请输入有效的电话号码"),
        ({"role": Role.GRID_WORKER}, "所属单位的类型与角色不符"),
        ({"role": Role.DISTRICT_OFFICE, "unit": ""}, "该角色必须指定所属单位"),
        ({"username": ""}, "这个字段是必填项"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(world, admin, row_counts, changes, message):
    before = row_counts()
    response = admin.post(URL, _data(world, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert row_counts() == before


def test_wrong_method_is_405(world, admin):
    assert admin.patch(URL).status_code == 405


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
