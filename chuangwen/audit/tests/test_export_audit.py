"""XLSX export of the audit log: office staff only, the log's filters, one event a row with its
changes as text, Chinese labels whatever the screen language, local times."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from chuangwen.audit.export_views import COLUMNS
from chuangwen.audit.models import AuditEvent
from chuangwen.lib.tests.xlsx_support import filename, only_sheet, sheets
from chuangwen.testing import make_unit
from chuangwen.units import services as unit_services
from chuangwen.units.models import UnitKind

pytestmark = pytest.mark.django_db
URL = reverse("audit:export")
DENIED = ["district_officer", "handler", "unit_head", "outsider", "inspector", "leader", "grid_worker"]


@pytest.fixture
def changes(world):
    """A unit's liaison changed with a reason, then a person renamed (as in the log's tests)."""
    unit_services.update_unit(world.office_admin, world.dept_a, reason="换联络员", liaison_name="赵联络")
    unit_services.update_user(world.office_admin, world.handler, name="韩经办")
    return world


def test_the_office_exports_the_log_newest_first(changes, client_for):
    response = client_for(changes.office_staff).get(URL)
    assert filename(response).startswith("审计日志-")
    assert sheets(response)["审计日志"][0] == [c.header for c in COLUMNS]
    rows = only_sheet(client_for(changes.office_staff).get(URL))
    assert len(rows) == AuditEvent.objects.count()
    assert [r["事件类型"] for r in rows[:2]] == ["user.updated", "unit.updated"]
    unit = rows[1]
    assert (unit["事件"], unit["对象类型"], unit["对象"], unit["原因"]) == ("修改单位", "单位", "市城管局", "换联络员")
    assert (unit["操作人"], unit["用户名"], unit["变更内容"]) == ("office_admin", "office_admin", "联络员：— → 赵联络")
    assert rows[-1]["操作人"] == "系统"


def test_the_filters_of_the_log_apply(changes, client_for):
    client = client_for(changes.office_admin)
    assert {r["事件类型"] for r in only_sheet(client.get(URL, {"event_type": "user."}))} == {
        "user.created",
        "user.updated",
    }
    assert [r["事件类型"] for r in only_sheet(client.get(URL, {"q": "换联络"}))] == ["unit.updated"]
    by_object = only_sheet(client.get(URL, {"object_type": "units.unit", "object_id": changes.dept_a.pk}))
    assert [r["事件类型"] for r in by_object] == ["unit.updated", "unit.created"]


def test_times_are_local_and_date_filters_whole_local_days(world, client_for):
    shanghai = datetime.timezone(datetime.timedelta(hours=8))
    with time_machine.travel(datetime.datetime(2026, 3, 1, 23, 30, 5, tzinfo=shanghai), tick=False):
        make_unit(UnitKind.WINDOW, "三月一日", world.dept_a)
    with time_machine.travel(datetime.datetime(2026, 3, 2, 0, 30, tzinfo=shanghai), tick=False):
        make_unit(UnitKind.WINDOW, "三月二日", world.dept_a)
    (row,) = only_sheet(client_for(world.office_admin).get(URL, {"date_from": "2026-03-01", "date_to": "2026-03-01"}))
    assert (row["对象"], row["时间"]) == ("三月一日", "2026-03-01 23:30:05")


def test_the_labels_stay_chinese_on_an_english_screen(changes, client_for):
    client = client_for(changes.office_staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    (row,) = only_sheet(client.get(URL, {"q": "换联络"}))
    assert (row["事件"], row["对象类型"], row["变更内容"]) == ("修改单位", "单位", "联络员：— → 赵联络")


def test_a_bad_filter_is_the_log_with_its_errors(world, client_for):
    response = client_for(world.office_admin).get(URL, {"date_from": "2026-03-02", "date_to": "2026-03-01"})
    assert response.status_code == 400
    assert "结束日期不能早于开始日期" in response.content.decode()


def test_past_the_limit_it_says_to_narrow_the_filters(changes, client_for, settings):
    settings.EXPORT_MAX_ROWS = 2
    client = client_for(changes.office_staff)
    response = client.get(URL, {"event_type": "unit."})
    assert response.status_code == 400
    page = response.content.decode()
    assert "符合条件的记录超过 2 条，请缩小筛选范围后再导出" in page and "/audit/?event_type=unit." in page
    assert client.get(URL, {"event_type": "user.updated"}).status_code == 200


@pytest.mark.parametrize("persona", DENIED)
def test_only_the_office_exports(world, client_for, persona):
    assert client_for(world.personas[persona]).get(URL).status_code == 403


def test_anonymous_and_post_are_refused(world, client, client_for):
    assert client.get(URL).status_code == 302
    assert client_for(world.office_staff).post(URL).status_code == 405
