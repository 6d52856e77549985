"""The escalation policy (督办规则) singleton, and the settings overview."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chuangwen.audit.models import AuditEvent
from chuangwen.problems.policies import EscalationPolicy

pytestmark = pytest.mark.django_db
URL = reverse("problems:escalation_policy")
NON_OFFICE = ["district_officer", "handler", "unit_head", "outsider", "inspector", "leader", "grid_worker"]


def _data(**extra) -> dict:
    return {"remind_before_hours": 12, "head_after_days": 3, "summons_after_days": 7, "notify_sms": "on", **extra}


def test_it_shows_the_defaults_without_writing(world, client_for):
    response = client_for(world.office_staff).get(URL)
    assert response.status_code == 200
    assert response.context["form"].initial["remind_before_hours"] == 24
    assert not EscalationPolicy.objects.exists()


def test_it_saves_the_policy_with_one_audit_event(world, client_for):
    response = client_for(world.office_staff).post(URL, _data())
    assert response.status_code == 302
    policy = EscalationPolicy.current()
    assert (policy.remind_before_hours, policy.head_after_days, policy.summons_after_days) == (12, 3, 7)
    assert policy.notify_sms and not policy.notify_email
    event = AuditEvent.objects.get(event_type="escalation_policy.updated")
    assert event.before["remind_before_hours"] == 24 and event.after["remind_before_hours"] == 12


def test_it_answers_bad_input_with_400_and_changes_nothing(world, client_for):
    response = client_for(world.office_staff).post(URL, _data(summons_after_days=1))
    assert response.status_code == 400
    assert "列入约谈名单的天数不能少于通知负责人的天数" in response.content.decode()
    assert client_for(world.office_staff).post(URL, _data(head_after_days=-1)).status_code == 400
    assert not AuditEvent.objects.filter(event_type="escalation_policy.updated").exists()


def test_it_has_an_overview_page(world, client_for):
    response = client_for(world.office_admin).get(reverse("problems:settings"))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("category_list", "deadline_list", "holiday_list", "escalation_policy"):
        assert reverse(f"problems:{name}") in html


@pytest.mark.parametrize("persona", NON_OFFICE)
def test_it_is_for_the_office_only(world, client_for, persona):
    client = client_for(world.personas[persona])
    assert client.get(URL).status_code == 403
    assert client.post(URL, _data()).status_code == 403
    assert client.get(reverse("problems:settings")).status_code == 403
    assert not EscalationPolicy.objects.exists()


def test_it_needs_a_login(world, client):
    assert client.get(URL).status_code == 302


def test_it_refuses_put(world, client_for):
    assert client_for(world.office_staff).put(URL).status_code == 405
