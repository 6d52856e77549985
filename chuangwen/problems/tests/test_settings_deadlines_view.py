"""Deadline policies: severity × category → amount in hours or (working) days."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from chuangwen.audit.models import AuditEvent
from chuangwen.problems import config_services, deadlines
from chuangwen.problems.models import ProblemCategory
from chuangwen.problems.policies import DeadlinePolicy

pytestmark = pytest.mark.django_db
NON_OFFICE = ["district_officer", "handler", "unit_head", "outsider", "inspector", "leader", "grid_worker"]


@pytest.fixture
def category(world) -> ProblemCategory:
    return config_services.create_category(world.office_admin, code="SR", name="市容环境")


@pytest.fixture
def policy(world, category) -> DeadlinePolicy:
    return config_services.create_deadline_policy(
        world.office_admin, severity="minor", category=category, amount=5, unit="days", working_days=True
    )


def test_it_shows_the_rules_as_a_table(world, client_for, policy):
    response = client_for(world.office_staff).get(reverse("problems:deadline_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "市容环境" in html and "5 个工作日" in html and "24 小时" in html  # the built-in default for urgent


def test_it_creates_a_rule_that_the_deadlines_then_use(world, client_for, category):
    data = {"severity": "urgent", "category": "", "amount": 12, "unit": "hours"}
    response = client_for(world.office_staff).post(reverse("problems:deadline_create"), data)
    assert response.status_code == 302
    policy = DeadlinePolicy.objects.get()
    assert (policy.severity, policy.category, policy.amount, policy.unit) == ("urgent", None, 12, "hours")
    now = timezone.now()
    assert (deadlines.deadline_for(now, "urgent", category) - now).total_seconds() == 12 * 3600
    assert AuditEvent.objects.for_object(policy).get().event_type == "deadline_policy.created"


def test_it_edits_and_deletes_a_rule(world, client_for, policy, category):
    client = client_for(world.office_staff)
    data = {"severity": "minor", "category": category.pk, "amount": 7, "unit": "days", "working_days": "on"}
    assert client.post(reverse("problems:deadline_edit", args=[policy.pk]), data).status_code == 302
    assert DeadlinePolicy.objects.get().amount == 7
    assert client.post(reverse("problems:deadline_delete", args=[policy.pk])).status_code == 302
    assert not DeadlinePolicy.objects.exists()
    types = list(AuditEvent.objects.filter(object_type="problems.deadlinepolicy").values_list("event_type", flat=True))
    assert sorted(types) == ["deadline_policy.created", "deadline_policy.deleted", "deadline_policy.updated"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"severity": "minor", "category": "cat", "amount": 3, "unit": "days"}, "该严重程度和类别已有时限规则"),
        ({"severity": "minor", "amount": 0, "unit": "days"}, "确保该值大于或等于1"),
        ({"severity": "minor", "amount": 3, "unit": "hours", "working_days": "on"}, "按小时计算的时限不能按工作日计算"),
        ({"severity": "huge", "amount": 3, "unit": "days"}, "选择一个有效的选项"),
    ],
)
def test_it_answers_bad_input_with_400_and_changes_nothing(world, client_for, policy, category, data, message):
    data = {**data, "category": category.pk if data.get("category") == "cat" else ""}
    events = AuditEvent.objects.count()
    response = client_for(world.office_staff).post(reverse("problems:deadline_create"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert DeadlinePolicy.objects.count() == 1 and AuditEvent.objects.count() == events


@pytest.mark.parametrize("persona", NON_OFFICE)
def test_it_is_for_the_office_only(world, client_for, policy, persona):
    client = client_for(world.personas[persona])
    assert client.get(reverse("problems:deadline_list")).status_code == 403
    assert client.post(reverse("problems:deadline_delete", args=[policy.pk])).status_code == 403
    assert DeadlinePolicy.objects.count() == 1


def test_it_refuses_get_on_delete(world, client_for, policy):
    assert client_for(world.office_staff).get(reverse("problems:deadline_delete", args=[policy.pk])).status_code == 405


def test_it_needs_a_login(world, client):
    assert client.get(reverse("problems:deadline_list")).status_code == 302
