"""Round codes: an internal code (N2026-…) for a plan, the public one (R2026-…) when the inspected
first see the round, in that order; a round once shown cannot become secret."""

from __future__ import annotations

import pytest

from chuangwen.audit.models import AuditEvent
from chuangwen.inspections import services
from chuangwen.inspections.models import Kind, Round
from chuangwen.inspections.tests.conftest import plan_round
from chuangwen.lib.errors import Conflict

pytestmark = pytest.mark.django_db


def test_an_open_round_takes_its_public_code_when_scheduled_and_keeps_it(place):
    office = place.world.office_staff
    round_ = plan_round(place, schedule=False)
    assert round_.code == "N2026-001"
    round_ = services.schedule_round(office, round_)
    assert round_.code == "R2026-001"
    event = AuditEvent.objects.get(event_type="round.scheduled")
    assert event.before["code"] == "N2026-001" and event.after["code"] == "R2026-001"
    round_ = services.unschedule_round(office, round_)
    round_ = services.schedule_round(office, round_)
    assert Round.objects.get(pk=round_.pk).code == "R2026-001"  # shown once: the same code, no new number


def test_an_internal_code_is_not_reused_once_a_plan_is_announced(place):
    announced = plan_round(place)
    later = plan_round(place, kind=Kind.COVERT)
    assert (announced.code, later.code) == ("R2026-001", "N2026-002")


def test_covert_and_mock_rounds_wait_for_publication(place):
    covert = plan_round(place, kind=Kind.COVERT)
    mock = plan_round(place, kind=Kind.MOCK)
    opened = plan_round(place)
    assert [covert.code, mock.code, opened.code] == ["N2026-001", "N2026-002", "R2026-001"]


def test_a_covert_round_made_open_while_scheduled_is_numbered_then(place):
    round_ = plan_round(place, kind=Kind.COVERT)
    round_ = services.update_round(place.world.office_staff, round_, is_covert=False)
    assert round_.code == "R2026-001" and Round.objects.get(pk=round_.pk).code == "R2026-001"


def test_a_round_the_inspected_have_seen_cannot_become_secret(place):
    office = place.world.office_staff
    round_ = services.unschedule_round(office, plan_round(place))
    events = AuditEvent.objects.count()
    with pytest.raises(Conflict) as refused:
        services.update_round(office, round_, is_covert=True)
    assert "本轮已向被检查单位公布（R2026-001），不能改为暗访保密" in refused.value.message
    round_.refresh_from_db()
    assert not round_.is_covert and AuditEvent.objects.count() == events


def test_a_draft_not_yet_shown_may_become_covert(place):
    round_ = plan_round(place, schedule=False)
    round_ = services.update_round(place.world.office_staff, round_, is_covert=True)
    services.schedule_round(place.world.office_staff, round_)
    assert Round.objects.get(pk=round_.pk).code == "N2026-001"


def test_the_migration_takes_secret_rounds_out_of_the_public_series(place):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("chuangwen.inspections.migrations.0002_internal_codes_for_secret_rounds")
    opened = plan_round(place)
    covert = plan_round(place, kind=Kind.COVERT)
    Round.objects.filter(pk=covert.pk).update(code="R2026-002")  # numbered at creation, before the rule
    migration.internal_codes(apps, None)
    assert Round.objects.get(pk=covert.pk).code.startswith("N2026-")
    assert Round.objects.get(pk=opened.pk).code == "R2026-001"
