"""The office's follow-up (回头看) pages and the summons list page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from chuangwen.problems.followup_models import FollowUpCheck, FollowUpSample
from chuangwen.problems.models import Escalation, Problem, Status

pytestmark = pytest.mark.django_db


def _dates():
    today = timezone.localdate()
    return {"closed_after": today - datetime.timedelta(days=1), "closed_before": today}


def test_it_draws_a_reproducible_sample_of_closed_problems(world, closed, client_for):
    client = client_for(world.office_staff)
    response = client.post(reverse("problems:followups"), {**_dates(), "size": 5, "seed": 42})
    sample = FollowUpSample.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("problems:followup_detail", args=[sample.pk])
    assert sample.seed == 42
    assert list(sample.checks.values_list("problem_id", flat=True)) == [closed.pk]
    page = client.get(response.url)
    assert closed.code in page.content.decode()


def test_bad_input_is_a_400_and_draws_nothing(world, closed, client_for):
    client = client_for(world.office_staff)
    response = client.post(reverse("problems:followups"), {**_dates()})
    assert response.status_code == 400
    assert "请填写抽取数量或抽取比例" in response.content.decode()
    assert not FollowUpSample.objects.exists()


def test_a_failed_check_reopens_the_problem_as_a_rebound(world, closed, client_for):
    client = client_for(world.office_staff)
    client.post(reverse("problems:followups"), {**_dates(), "size": 1})
    check = FollowUpCheck.objects.get()
    client.post(reverse("problems:followup_check", args=[check.pk]), {"result": "failed", "note": "摊点又出现了"})
    problem = Problem.objects.get(pk=closed.pk)
    assert problem.status == Status.ASSIGNED
    assert problem.rebound_count == 1
    check.refresh_from_db()
    assert check.result == "failed"


def test_a_failed_check_without_a_note_changes_nothing(world, closed, client_for):
    client = client_for(world.office_staff)
    client.post(reverse("problems:followups"), {**_dates(), "size": 1})
    check = FollowUpCheck.objects.get()
    response = client.post(reverse("problems:followup_check", args=[check.pk]), {"result": "failed"}, follow=True)
    assert response.status_code == 200
    assert Problem.objects.get(pk=closed.pk).status == Status.CLOSED


def test_units_are_denied_the_followup_pages(world, client_for):
    assert client_for(world.handler).get(reverse("problems:followups")).status_code == 403
    assert client_for(world.outsider).post(reverse("problems:followups"), _dates()).status_code == 403


def test_the_summons_list_groups_by_unit_and_is_scoped(world, assigned, client_for):
    Problem.objects.filter(pk=assigned.pk).update(
        escalation_level=Escalation.SUMMONS, deadline=timezone.now() - datetime.timedelta(days=8)
    )
    body = client_for(world.office_staff).get(reverse("problems:summons")).content.decode()
    assert assigned.code in body and "市城管局" in body
    other = client_for(world.district_officer).get(reverse("problems:summons")).content.decode()
    assert assigned.code in other  # the problem lies in district A
    assert client_for(world.handler).get(reverse("problems:summons")).status_code == 403


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_date_fields_carry_iso_dates_a_date_picker_accepts(world, client_for, language):
    """In Chinese the locale's format is 2026/11/07, which <input type=date> rejects (empty field)."""
    client = client_for(world.office_staff)
    client.cookies["django_language"] = language
    body = client.get(reverse("problems:followups")).content.decode()
    today = timezone.localdate()
    assert f'type="date" name="closed_before" value="{today:%Y-%m-%d}"' in body
    assert f'value="{today - datetime.timedelta(days=30):%Y-%m-%d}"' in body
