"""XLSX exports of the summons list (by unit, scoped like its page) and of a follow-up sample."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from chuangwen.lib.tests.xlsx_support import filename, only_sheet, sheets
from chuangwen.problems import followup
from chuangwen.problems.followup_export_views import CHECKS, SUMMONS
from chuangwen.problems.models import Escalation, Problem

pytestmark = pytest.mark.django_db
SUMMONS_URL = reverse("problems:summons_export")


@pytest.fixture
def summoned(world, assigned) -> Problem:
    Problem.objects.filter(pk=assigned.pk).update(
        escalation_level=Escalation.SUMMONS, deadline=timezone.now() - datetime.timedelta(days=8, hours=1)
    )
    return Problem.objects.get(pk=assigned.pk)


def test_the_office_exports_the_summons_list(world, summoned, client_for):
    response = client_for(world.office_staff).get(SUMMONS_URL)
    assert filename(response).startswith("约谈名单-")
    assert sheets(response)["约谈名单"][0] == [c.header for c in SUMMONS.columns]
    (row,) = only_sheet(client_for(world.office_staff).get(SUMMONS_URL))
    assert (row["责任单位"], row["主要负责人"], row["该单位问题数"], row["问题编号"]) == (
        "市城管局",
        "张局长",
        1,
        summoned.code,
    )
    assert (row["超期天数"], row["状态"]) == (8, "已交办")
    assert row["整改时限"] == timezone.localtime(summoned.deadline).strftime("%Y-%m-%d %H:%M")


def test_it_is_scoped_like_the_page(world, summoned, client_for):
    assert [r["问题编号"] for r in only_sheet(client_for(world.district_officer).get(SUMMONS_URL))] == [summoned.code]
    assert [r["问题编号"] for r in only_sheet(client_for(world.leader).get(SUMMONS_URL))] == [summoned.code]
    for persona in ("handler", "unit_head", "outsider", "inspector", "grid_worker"):
        assert client_for(world.personas[persona]).get(SUMMONS_URL).status_code == 403, persona


def test_a_problem_not_on_the_list_is_not_exported(world, assigned, client_for):
    assert only_sheet(client_for(world.office_staff).get(SUMMONS_URL)) == []


def test_the_office_exports_a_followup_sample(world, closed, client_for):
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(today - datetime.timedelta(days=1), datetime.time.min, tz)
    sample = followup.draw_sample(
        world.office_staff, closed_after=start, closed_before=start + datetime.timedelta(days=3), size=5, seed=1
    )
    url = reverse("problems:followup_export", args=[sample.pk])
    response = client_for(world.office_staff).get(url)
    assert filename(response).startswith(f"回头看-第{sample.pk}次抽样-")
    assert sheets(response)["回头看"][0] == [c.header for c in CHECKS.columns]
    (row,) = only_sheet(client_for(world.office_admin).get(url))
    assert (row["问题编号"], row["责任单位"], row["复查结果"]) == (closed.code, "市城管局", "待复查")
    for persona in ("district_officer", "handler", "outsider", "leader"):
        assert client_for(world.personas[persona]).get(url).status_code == 403, persona
