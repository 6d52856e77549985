"""XLSX exports of the office admin's lists of units and people: the admin only, the lists' filters,
the units in tree order with their ancestors, Chinese headers and labels."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from chuangwen.lib.tests.xlsx_support import filename, only_sheet, sheets
from chuangwen.testing import make_user
from chuangwen.units import services
from chuangwen.units.export_views import PEOPLE, UNIT_COLUMNS
from chuangwen.units.models import Role, Unit

from .conftest import NON_ADMINS

pytestmark = pytest.mark.django_db
UNITS = reverse("units:unit_export")
PEOPLE_URL = reverse("units:user_export")


def test_the_admin_exports_every_unit_in_tree_order(world, admin):
    response = admin.get(UNITS)
    assert filename(response).startswith("单位-")
    found = sheets(response)
    assert found["单位"][0] == [c.header for c in UNIT_COLUMNS]
    rows = only_sheet(admin.get(UNITS))
    assert len(rows) == Unit.objects.count()
    assert [r["编码"] for r in rows][:3] == ["CITY", "DA", "DA-S1"]
    by_code = {r["编码"]: r for r in rows}
    community = by_code["DA-S1-C1"]
    assert (community["类型"], community["属地/职能"], community["上级单位"]) == (
        "社区",
        "属地单位",
        "示范市 / 东城区 / 东华街道",
    )
    dept = by_code["D-CG"]
    assert (dept["属地/职能"], dept["主要负责人"], dept["负责人电话"], dept["在岗人员"], dept["状态"]) == (
        "职能单位", "张局长", "13800000001", 2, "启用",
    )  # fmt: skip


def test_the_unit_filters_apply(world, admin):
    assert [r["编码"] for r in only_sheet(admin.get(UNITS, {"q": "东华"}))] == ["DA-S1", "DA-S1-C1", "DA-S1-C1-G1"]
    assert [r["编码"] for r in only_sheet(admin.get(UNITS, {"kind": "department"}))] == ["D-CG", "D-JT"]
    services.update_unit(world.office_admin, world.street_b, reason="撤并", is_active=False)
    (row,) = only_sheet(admin.get(UNITS, {"status": "inactive"}))
    assert (row["编码"], row["状态"]) == ("DB-S1", "已停用")


def test_the_admin_exports_people_with_the_lists_filters(world, admin):
    make_user("zhang3", Role.INSPECTOR, name="张三", phone="13712345678")
    response = admin.get(PEOPLE_URL)
    assert sheets(response)["人员"][0] == [c.header for c in PEOPLE.columns]
    rows = only_sheet(admin.get(PEOPLE_URL, {"q": "张三"}))
    assert [(r["用户名"], r["姓名"], r["角色"], r["手机号"], r["状态"]) for r in rows] == [
        ("zhang3", "张三", "督查员", "13712345678", "在岗")
    ]
    handlers = only_sheet(admin.get(PEOPLE_URL, {"unit": world.dept_a.pk}))
    assert [(r["用户名"], r["所属单位"]) for r in handlers] == [("handler", "市城管局"), ("unit_head", "市城管局")]
    everybody = only_sheet(admin.get(PEOPLE_URL))
    assert [r["用户名"] for r in everybody] == sorted([*(u.username for u in world.personas.values()), "zhang3"])
    assert len(everybody) == len(world.personas) + 1


def test_the_labels_stay_chinese_on_an_english_screen(world, admin):
    admin.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    rows = only_sheet(admin.get(PEOPLE_URL, {"role": Role.LEADER}))
    assert rows[0]["角色"] == "领导"


def test_a_bad_filter_is_the_list_with_its_errors(world, admin):
    assert admin.get(PEOPLE_URL, {"role": "king"}).status_code == 400
    assert admin.get(UNITS, {"status": "sleeping"}).status_code == 400


@pytest.mark.parametrize("persona", NON_ADMINS)
def test_only_the_admin_exports(world, client_for, persona):
    client = client_for(world.personas[persona])
    assert client.get(UNITS).status_code == 403
    assert client.get(PEOPLE_URL).status_code == 403


def test_anonymous_is_sent_to_login(client, world):
    assert client.get(UNITS).status_code == 302 and client.get(PEOPLE_URL).status_code == 302
