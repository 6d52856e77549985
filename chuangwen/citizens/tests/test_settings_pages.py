"""The citizens' channel settings: the audited service and its page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chuangwen.audit.models import AuditEvent
from chuangwen.citizens.models import CitizenSettings
from chuangwen.citizens.services.settings import FIELDS, update_settings
from chuangwen.lib.errors import DomainError, PermissionDenied

pytestmark = pytest.mark.django_db

NOT_OFFICE = ["district_officer", "handler", "unit_head", "outsider", "inspector", "leader", "grid_worker"]


def _values() -> dict:
    row = CitizenSettings.current()
    return {name: getattr(row, name) for name in FIELDS}


def _form(**changes) -> dict:
    return {name: str(value) for name, value in (_values() | changes).items()}


def test_the_service_changes_and_records_only_what_changed(world):
    update_settings(world.office_staff, points_per_report=5, duplicate_radius_m=300)
    assert CitizenSettings.current().points_per_report == 5
    event = AuditEvent.objects.get(event_type="citizen_settings.updated")
    assert event.before == {"points_per_report": 10, "duplicate_radius_m": 200}
    assert event.after == {"points_per_report": 5, "duplicate_radius_m": 300}
    assert event.actor == world.office_staff
    update_settings(world.office_staff, points_per_report=5)  # nothing changed: nothing recorded
    assert AuditEvent.objects.filter(event_type="citizen_settings.updated").count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"points_per_report": -1}, "points_per_report", "“每条受理奖励积分”须在 0 至 1000 之间"),
        ({"duplicate_radius_m": 5}, "duplicate_radius_m", "“疑似重复半径（米）”须在 10 至 5000 之间"),
        ({"duplicate_window_days": 0}, "duplicate_window_days", "须在 1 至 365 之间"),
        ({"per_phone_per_minute": "十"}, "per_phone_per_minute", "须为整数"),
        ({"per_phone_per_minute": 60, "per_phone_per_day": 50}, "per_phone_per_minute", "每分钟上限不能大于每天上限"),
        ({"per_client_per_minute": 600}, "per_client_per_minute", "同一IP每分钟上限不能大于每天上限"),
    ],
)
def test_bad_values_are_refused_and_change_nothing(world, changes, field, message):
    before, events = _values(), AuditEvent.objects.count()
    with pytest.raises(DomainError) as refused:
        update_settings(world.office_admin, **changes)
    assert refused.value.field == field and message in refused.value.message
    assert _values() == before and AuditEvent.objects.count() == events


def test_zero_means_no_limit(world):
    update_settings(world.office_admin, per_phone_per_minute=0, per_phone_per_day=0)
    assert CitizenSettings.current().per_phone_per_minute == 0


def test_unknown_names_are_refused(world):
    with pytest.raises(DomainError):
        update_settings(world.office_admin, updated_at=1)


@pytest.mark.parametrize("persona", NOT_OFFICE)
def test_only_the_office_changes_settings(world, persona):
    with pytest.raises(PermissionDenied):
        update_settings(world.personas[persona], points_per_report=1)
    assert CitizenSettings.current().points_per_report == 10


def test_the_page_shows_and_saves(world, client_for):
    client = client_for(world.office_staff)
    page = client.get(reverse("citizens:settings"))
    assert page.status_code == 200 and "疑似重复半径（米）" in page.content.decode()
    response = client.post(reverse("citizens:settings"), _form(points_per_report=20, duplicate_window_days=14))
    assert response.status_code == 302
    assert CitizenSettings.current().points_per_report == 20
    assert "随手拍设置已保存" in client.get(response.url).content.decode()


def test_the_page_shows_errors_in_chinese_and_changes_nothing(world, client_for):
    client = client_for(world.office_staff)
    before, events = _values(), AuditEvent.objects.count()
    response = client.post(reverse("citizens:settings"), _form(duplicate_radius_m=1))
    assert response.status_code == 400 and "须在 10 至 5000 之间" in response.content.decode()
    response = client.post(reverse("citizens:settings"), _form(points_per_report="abc"))
    assert response.status_code == 400 and "“每条受理奖励积分”须为整数" in response.content.decode()
    response = client.post(reverse("citizens:settings"), _form(points_per_report=""))
    assert response.status_code == 400 and "请填写“每条受理奖励积分”" in response.content.decode()
    assert _values() == before and AuditEvent.objects.count() == events


@pytest.mark.parametrize("persona", NOT_OFFICE)
def test_the_page_is_refused_to_everyone_else(world, client_for, persona):
    client = client_for(world.personas[persona])
    assert client.get(reverse("citizens:settings")).status_code == 403
    assert client.post(reverse("citizens:settings"), _form(points_per_report=1)).status_code == 403
    assert CitizenSettings.current().points_per_report == 10
