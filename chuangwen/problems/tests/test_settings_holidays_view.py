"""The holiday calendar (节假日, 调休上班) that working-day deadlines skip."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from chuangwen.audit.models import AuditEvent
from chuangwen.problems import config_services, deadlines
from chuangwen.problems.policies import Holiday

pytestmark = pytest.mark.django_db
NON_OFFICE = ["district_officer", "handler", "unit_head", "outsider", "inspector", "leader", "grid_worker"]


@pytest.fixture
def holiday(world) -> Holiday:
    return config_services.create_holiday(world.office_admin, date=datetime.date(2026, 10, 1), name="国庆节")


def test_it_lists_a_years_holidays_with_a_form(world, client_for, holiday):
    response = client_for(world.office_staff).get(reverse("problems:holiday_list"), {"year": 2026})
    assert response.status_code == 200
    html = response.content.decode()
    assert "国庆节" in html and 'id="settings-form"' in html
    assert (
        "国庆节"
        not in client_for(world.office_staff).get(reverse("problems:holiday_list"), {"year": 2027}).content.decode()
    )


def test_it_adds_a_workday_that_the_deadlines_then_count(world, client_for):
    data = {"date": "2026-10-10", "name": "国庆调休", "is_workday": "on"}  # a Saturday
    response = client_for(world.office_staff).post(reverse("problems:holiday_create"), data)
    assert response.status_code == 302 and response.url.endswith("?year=2026")
    holiday = Holiday.objects.get()
    assert holiday.is_workday and AuditEvent.objects.for_object(holiday).get().event_type == "holiday.created"
    calendar = {holiday.date: holiday.is_workday}
    assert deadlines.is_working_day(datetime.date(2026, 10, 10), calendar)


def test_it_edits_and_deletes(world, client_for, holiday):
    client = client_for(world.office_staff)
    data = {"date": "2026-10-01", "name": "国庆节假期"}
    assert client.post(reverse("problems:holiday_edit", args=[holiday.pk]), data).status_code == 302
    assert Holiday.objects.get().name == "国庆节假期"
    assert client.post(reverse("problems:holiday_delete", args=[holiday.pk])).status_code == 302
    assert not Holiday.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date": "2026-10-01", "name": "重复"}, "2026-10-01 已在节假日表中"),
        ({"date": "2026-10-12", "name": "周一调休", "is_workday": "on"}, "调休上班的日期应是周末"),
        ({"date": "", "name": "无日期"}, "这个字段是必填项"),
    ],
)
def test_it_answers_bad_input_with_400_and_changes_nothing(world, client_for, holiday, data, message):
    events = AuditEvent.objects.count()
    response = client_for(world.office_staff).post(reverse("problems:holiday_create"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Holiday.objects.count() == 1 and AuditEvent.objects.count() == events


@pytest.mark.parametrize("persona", NON_OFFICE)
def test_it_is_for_the_office_only(world, client_for, holiday, persona):
    client = client_for(world.personas[persona])
    assert client.get(reverse("problems:holiday_list")).status_code == 403
    assert client.post(reverse("problems:holiday_create"), {"date": "2026-05-01", "name": "劳动节"}).status_code == 403
    assert client.post(reverse("problems:holiday_delete", args=[holiday.pk])).status_code == 403
    assert Holiday.objects.count() == 1


def test_it_refuses_get_on_create(world, client_for):
    assert client_for(world.office_staff).get(reverse("problems:holiday_create")).status_code == 405


def test_it_needs_a_login(world, client):
    assert client.get(reverse("problems:holiday_list")).status_code == 302
