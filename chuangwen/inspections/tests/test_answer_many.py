"""answer_many: a visit's answers in one batch, with the rules and audit events of answer()."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from chuangwen.audit.models import AuditEvent
from chuangwen.inspections import services
from chuangwen.inspections.models import CheckResult, Verdict
from chuangwen.inspections.services import Answer
from chuangwen.lib.errors import Conflict, DomainError, PermissionDenied

pytestmark = pytest.mark.django_db


def _visit(place, planned):
    entry = planned.sample.in_sample().select_related("site").first()
    return services.start_visit(place.world.inspector, entry)


def test_a_batch_saves_every_answer_with_one_audit_event_each(place, planned):
    visit = _visit(place, planned)
    road, deduction, veto = place.items
    answers = [
        Answer(road.pk, Verdict.PASS),
        Answer(deduction.pk, Verdict.FAIL, count=3, note="占道经营"),
        Answer(veto.pk, Verdict.NOT_APPLICABLE),
    ]
    before = AuditEvent.objects.filter(event_type="visit.answered").count()
    results = services.answer_many(place.world.inspector, visit, answers)
    assert len(results) == 3
    stored = {r.item_id: r for r in CheckResult.objects.filter(visit=visit)}
    assert (stored[deduction.pk].verdict, stored[deduction.pk].count) == (Verdict.FAIL, 3)
    assert stored[veto.pk].count == 0 and stored[road.pk].answered_by == place.world.inspector
    assert AuditEvent.objects.filter(event_type="visit.answered").count() == before + 3
    # the same batch again changes nothing and records nothing
    services.answer_many(place.world.inspector, visit, answers)
    assert AuditEvent.objects.filter(event_type="visit.answered").count() == before + 3
    services.submit_visit(place.world.inspector, visit)


def test_a_late_answer_does_not_overwrite_a_newer_one_and_the_last_of_a_batch_wins(place, planned):
    visit = _visit(place, planned)
    item = place.items[0]
    now = timezone.now()
    services.answer_many(
        place.world.inspector,
        visit,
        [Answer(item.pk, Verdict.FAIL, client_at=now), Answer(item.pk, Verdict.PASS, client_at=now)],
    )
    assert CheckResult.objects.get(visit=visit, item=item).verdict == Verdict.PASS
    older = now - datetime.timedelta(minutes=5)
    services.answer_many(place.world.inspector, visit, [Answer(item.pk, Verdict.FAIL, client_at=older)])
    assert CheckResult.objects.get(visit=visit, item=item).verdict == Verdict.PASS


def test_refusals_change_nothing(place, planned):
    visit = _visit(place, planned)
    world = place.world
    events = AuditEvent.objects.count()
    good = Answer(place.items[0].pk, Verdict.PASS)
    with pytest.raises(DomainError):
        services.answer_many(world.inspector, visit, [good, Answer(place.items[1].pk, "maybe")])
    with pytest.raises(DomainError):
        services.answer_many(world.inspector, visit, [good, Answer(999_999, Verdict.PASS)])
    for outsider in (world.outsider, world.handler, world.office_staff, world.leader):
        with pytest.raises(PermissionDenied):
            services.answer_many(outsider, visit, [good])
    assert AuditEvent.objects.count() == events and not CheckResult.objects.filter(visit=visit).exists()
    services.answer_many(world.inspector, visit, [Answer(i.pk, Verdict.PASS) for i in place.items])
    services.submit_visit(world.inspector, visit)
    with pytest.raises(Conflict):
        services.answer_many(world.inspector, visit, [Answer(place.items[0].pk, Verdict.FAIL)])
    assert CheckResult.objects.get(visit=visit, item=place.items[0]).verdict == Verdict.PASS
