"""The office's problem categories: list, create, edit (through config_services, audited)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chuangwen.audit.models import AuditEvent
from chuangwen.problems import config_services
from chuangwen.problems.models import ProblemCategory

pytestmark = pytest.mark.django_db
NON_OFFICE = ["district_officer", "handler", "unit_head", "outsider", "inspector", "leader", "grid_worker"]


@pytest.fixture
def category(world) -> ProblemCategory:
    return config_services.create_category(world.office_admin, code="SR", name="市容环境", sort_order=1)


def _data(**extra) -> dict:
    return {"code": "JT", "name": "交通秩序", "description": "", "sort_order": 2, "is_active": "on", **extra}


def test_it_lists_categories(world, client_for, category):
    response = client_for(world.office_staff).get(reverse("problems:category_list"))
    assert response.status_code == 200 and "市容环境" in response.content.decode()
    assert response.context["section"] == "problem_settings"


def test_it_creates_a_category_with_a_default_unit(world, client_for):
    data = _data(default_unit=world.dept_b.pk, is_public="on")
    response = client_for(world.office_staff).post(reverse("problems:category_create"), data)
    assert response.status_code == 302
    created = ProblemCategory.objects.get(code="JT")
    assert created.default_unit == world.dept_b and created.is_public and created.is_active
    event = AuditEvent.objects.for_object(created).get()
    assert event.event_type == "problem_category.created"


def test_it_edits_a_category(world, client_for, category):
    url = reverse("problems:category_edit", args=[category.pk])
    client = client_for(world.office_admin)
    assert client.get(url).context["form"].initial["name"] == "市容环境"
    assert client.post(url, _data(code="SR", name="市容市貌")).status_code == 302
    category.refresh_from_db()
    assert category.name == "市容市貌" and not category.is_public
    event = AuditEvent.objects.for_object(category).filter(event_type="problem_category.updated").get()
    assert event.before["name"] == "市容环境" and event.after["name"] == "市容市貌"


@pytest.mark.parametrize(
    ("data", "message"), [(_data(code="SR"), "编码“SR”已被使用"), (_data(name=""), "这个字段是必填项")]
)
def test_it_answers_bad_input_with_400_and_changes_nothing(world, client_for, category, data, message):
    events = AuditEvent.objects.count()
    response = client_for(world.office_staff).post(reverse("problems:category_create"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert ProblemCategory.objects.count() == 1 and AuditEvent.objects.count() == events


@pytest.mark.parametrize("persona", NON_OFFICE)
def test_it_is_for_the_office_only(world, client_for, category, persona):
    client = client_for(world.personas[persona])
    assert client.get(reverse("problems:category_list")).status_code == 403
    assert client.post(reverse("problems:category_create"), _data()).status_code == 403
    assert client.post(reverse("problems:category_edit", args=[category.pk]), _data()).status_code == 403
    assert ProblemCategory.objects.count() == 1


def test_it_refuses_non_office_people_in_the_service(world):
    from chuangwen.lib.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        config_services.create_category(world.district_officer, code="X", name="X")


def test_it_needs_a_login(world, client):
    assert client.get(reverse("problems:category_list")).status_code == 302


def test_it_refuses_post_on_the_list(world, client_for):
    assert client_for(world.office_staff).post(reverse("problems:category_list")).status_code == 405
