"""Issuing a circular (services.issue_circular): who may, which rounds, numbers, the audit record."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.utils import timezone

from chuangwen.audit.models import AuditEvent
from chuangwen.circulars import services
from chuangwen.circulars.models import Circular, CircularSettings
from chuangwen.inspections import services as inspections
from chuangwen.inspections.models import Round
from chuangwen.lib.errors import Conflict, DomainError, PermissionDenied

pytestmark = pytest.mark.django_db
OTHERS = ["district_officer", "handler", "unit_head", "outsider", "inspector", "leader", "grid_worker"]


def test_office_issues_the_first_circular_of_the_year(world, scored):
    circular = services.issue_circular(world.office_staff, scored.round)
    year = timezone.localdate().year
    assert circular.number == f"文明督〔{year}〕1号"
    assert (circular.year, circular.seq) == (year, 1)
    assert circular.title == "关于城区明察督查情况的通报"
    assert circular.office_name == "示范市精神文明建设指导委员会办公室"
    assert circular.run == scored.run and circular.issued_by == world.office_staff
    assert circular.template is None and circular.template_name == "默认模板"
    assert circular.pages >= 1 and circular.figures["problems"] == 1
    assert default_storage.exists(circular.docx) and default_storage.exists(circular.pdf)
    event = AuditEvent.objects.get(event_type="circular.issued")
    assert event.object_id == str(circular.pk) and event.actor == world.office_staff
    assert event.after["number"] == circular.number and event.after["pdf_sha256"] == circular.pdf_sha256


def test_the_circular_is_addressed_to_the_units_it_names(world, scored):
    circular = services.issue_circular(world.office_admin, scored.round)
    recipients = set(circular.recipients.values_list("pk", flat=True))
    assert {world.dept_a.pk, world.district_a.pk, world.street_a.pk} <= recipients
    assert world.dept_b.pk not in recipients


def test_the_title_and_office_can_be_chosen(world, scored):
    services.update_settings(world.office_staff, office_name="江城市文明办", number_prefix="江文明督")
    circular = services.issue_circular(world.office_staff, scored.round, title="  关于11月  明察的通报 ")
    assert circular.title == "关于11月 明察的通报"
    assert circular.office_name == "江城市文明办"
    assert circular.number.startswith("江文明督〔")


@pytest.mark.parametrize("persona", OTHERS)
def test_only_the_office_issues(world, scored, persona):
    events = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        services.issue_circular(world.personas[persona], scored.round)
    assert not Circular.objects.exists()
    assert AuditEvent.objects.count() == events


def test_a_second_circular_of_a_round_needs_a_reason_and_gets_the_next_number(world, scored):
    first = services.issue_circular(world.office_staff, scored.round)
    events = AuditEvent.objects.count()
    with pytest.raises(DomainError) as refused:
        services.issue_circular(world.office_staff, scored.round)
    assert refused.value.field == "reason" and first.number in str(refused.value.message)
    assert Circular.objects.count() == 1 and AuditEvent.objects.count() == events
    second = services.issue_circular(world.office_staff, scored.round, reason="更正得分")
    third = services.issue_circular(world.office_staff, scored.round, reason="再次更正")
    assert [first.seq, second.seq, third.seq] == [1, 2, 3]
    assert len({first.number, second.number, third.number}) == 3
    assert second.reason == "更正得分"
    assert AuditEvent.objects.get(object_id=str(second.pk), event_type="circular.issued").reason == "更正得分"


def test_numbers_start_again_each_year(world, scored):
    services.issue_circular(world.office_staff, scored.round)
    next_year = timezone.localdate().year + 1
    with time_machine.travel(datetime.datetime(next_year, 1, 5, 9, 0, tzinfo=datetime.UTC), tick=False):
        circular = services.issue_circular(world.office_staff, scored.round, reason="新年度重发")
    assert (circular.year, circular.seq) == (next_year, 1)
    assert circular.number == f"文明督〔{next_year}〕1号"
    assert circular.issued_on == datetime.date(next_year, 1, 5)


def test_a_round_that_is_not_over_gets_no_circular(world, scored):
    Round.objects.filter(pk=scored.round.pk).update(status="in_progress")
    with pytest.raises(Conflict):
        services.issue_circular(world.office_staff, scored.round)
    assert not Circular.objects.exists()


def test_an_unscored_round_gets_no_circular(world, scored):
    scored.run.unit_scores.all().delete()
    type(scored.run).objects.filter(pk=scored.run.pk).update(is_current=False)
    with pytest.raises(Conflict) as refused:
        services.issue_circular(world.office_staff, scored.round)
    assert "计算" in str(refused.value.message)
    assert scored.round not in services.issuable_rounds()


def test_a_covert_round_gets_its_circular_only_once_published(world, scored):
    Round.objects.filter(pk=scored.round.pk).update(is_covert=True)
    scored.round.refresh_from_db()
    assert scored.round not in services.issuable_rounds()
    with pytest.raises(Conflict) as refused:
        services.issue_circular(world.office_staff, scored.round)
    assert "发布" in str(refused.value.message)
    inspections.publish_round(world.office_staff, scored.round)
    assert services.issue_circular(world.office_staff, scored.round).round == scored.round


def test_settings_are_checked_and_audited(world):
    with pytest.raises(DomainError) as refused:
        services.update_settings(world.office_staff, number_prefix="文明〔督〕")
    assert refused.value.field == "number_prefix"
    assert CircularSettings.current().number_prefix == "文明督"
    services.update_settings(world.office_staff, number_prefix="示文明督", copy_to="市委办公室")
    event = AuditEvent.objects.get(event_type="circular_settings.updated")
    assert event.after == {"number_prefix": "示文明督", "copy_to": "市委办公室"}
    with pytest.raises(PermissionDenied):
        services.update_settings(world.leader, number_prefix="X")
