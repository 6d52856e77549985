"""The demo city's inspection rounds: weekly open supervision, two covert mock assessments (one
published, one still secret) and this week's scheduled round, all played through the services."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db.models import Count

from chuangwen.audit.models import AuditEvent
from chuangwen.demo.data.rounds import CURRENT_NAME
from chuangwen.indicators.models import ChecklistItem, RuleKind
from chuangwen.inspections.models import (
    CheckPhoto,
    CheckResult,
    Kind,
    Round,
    RoundSite,
    RoundStatus,
    TeamMember,
    Verdict,
    Visit,
    VisitStatus,
)
from chuangwen.problems import routing
from chuangwen.problems.models import Problem, Source, Status
from chuangwen.units.models import Unit, UnitKind, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(demo, db) -> dict[str, User]:
    return {u.username: u for u in User.objects.select_related("unit")}


def _weekly():
    return Round.objects.filter(kind=Kind.OPEN).exclude(name=CURRENT_NAME)


def test_rounds_of_every_kind_in_their_states(demo, db):
    weekly = _weekly()
    assert 10 <= weekly.count() <= 14
    assert set(weekly.values_list("status", flat=True)) == {RoundStatus.PUBLISHED}
    assert not weekly.filter(is_covert=True).exists()
    mocks = Round.objects.filter(kind=Kind.MOCK).order_by("period_start")
    assert [(m.is_covert, m.status) for m in mocks] == [(True, RoundStatus.PUBLISHED), (True, RoundStatus.IN_PROGRESS)]
    for mock in mocks:
        assert mock.assessor_unit.kind == UnitKind.ASSESSOR
        members = User.objects.filter(pk__in=TeamMember.objects.filter(round=mock).values("user_id"))
        assert members.count() >= 4 and not members.exclude(unit=mock.assessor_unit).exists()
        assert 150 <= mock.sample.in_sample().count() <= 250
    current = Round.objects.get(name=CURRENT_NAME)
    assert (current.kind, current.status, current.is_covert) == (Kind.OPEN, RoundStatus.SCHEDULED, False)
    for round_ in weekly:
        assert 40 <= round_.sample.in_sample().count() <= 60, round_.name
        teams = list(round_.teams.annotate(n=Count("teammember")))
        assert 2 <= len(teams) <= 3 and all(t.n == 2 for t in teams)
        assert TeamMember.objects.filter(round=round_, user__username="inspector").exists()
        assert round_.seed and round_.sample_counts


def test_visits_answer_every_item_with_realistic_findings(demo, db):
    submitted = Visit.objects.filter(status=VisitStatus.SUBMITTED).select_related("site")
    assert submitted.count() >= 500
    items = Counter(ChecklistItem.objects.values_list("site_type_id", flat=True))
    answered = dict(CheckResult.objects.values("visit_id").annotate(n=Count("id")).values_list("visit_id", "n"))
    for visit in submitted:
        assert answered[visit.pk] == items[visit.site.site_type_id], visit.pk
    results = CheckResult.objects.filter(visit__status=VisitStatus.SUBMITTED)
    verdicts = Counter(results.values_list("verdict", flat=True))
    assert 0.08 <= verdicts[Verdict.FAIL] / results.count() <= 0.15
    assert verdicts[Verdict.NOT_APPLICABLE] > 0
    failed = results.filter(verdict=Verdict.FAIL)
    assert not failed.filter(rule_kind=RuleKind.DEDUCTION, count__lt=1).exists()
    assert failed.filter(rule_kind=RuleKind.DEDUCTION, count__gte=2).exists()
    assert failed.exclude(note="").count() >= 0.5 * failed.count()
    photographed = set(CheckPhoto.objects.values_list("visit_id", "item_id"))
    assert all(pair in photographed for pair in failed.values_list("visit_id", "item_id"))
    far = submitted.filter(far_from_site=True).count()
    assert 0 < far <= 0.1 * submitted.count()
    assert not submitted.filter(lat=None).exists()
    assert submitted.filter(distance_m__lte=100).count() >= 0.8 * submitted.count()


def test_every_step_has_its_audit_event(demo, db):
    rounds = {str(pk) for pk in Round.objects.values_list("pk", flat=True)}
    events = AuditEvent.objects.filter(object_type="inspections.round")
    assert set(events.filter(event_type="round.created").values_list("object_id", flat=True)) == rounds
    assert set(events.filter(event_type="round.scheduled").values_list("object_id", flat=True)) == rounds
    visits = AuditEvent.objects.filter(object_type="inspections.visit")
    submitted = Visit.objects.filter(status=VisitStatus.SUBMITTED)
    assert visits.filter(event_type="visit.submitted").count() == submitted.count()
    assert visits.filter(event_type="visit.answered").count() == CheckResult.objects.count()
    assert visits.filter(event_type="visit.photo_added").count() == CheckPhoto.objects.count()
    for visit in submitted.order_by("?")[:50]:
        started = visits.get(event_type="visit.started", object_id=str(visit.pk))
        assert started.at == visit.started_at < visit.submitted_at
        assert started.actor_id == visit.inspector_id


def test_published_rounds_registered_their_findings_as_problems(demo, db):
    for round_ in Round.objects.filter(status=RoundStatus.PUBLISHED):
        failed = CheckResult.objects.filter(round=round_, verdict=Verdict.FAIL, visit__status=VisitStatus.SUBMITTED)
        assert failed.exists() and not failed.filter(problem=None).exists(), round_.name
        for result in failed.select_related("problem", "visit")[:20]:
            problem = result.problem
            assert (problem.source, problem.site_id, problem.standard_id) == (
                Source.INSPECTION,
                result.site_id,
                result.standard_id,
            )
            assert problem.external_ref == round_.code and problem.created_by_id == result.visit.inspector_id
            assert problem.photos.exists()
            if round_.is_covert:  # registered when the round was published, not before
                assert problem.created_at >= round_.published_at
            else:  # registered when the visit was submitted
                assert result.visit.submitted_at <= problem.created_at < round_.published_at
    from_rounds = Problem.objects.filter(check_result__isnull=False)
    assert from_rounds.count() >= 300
    assert from_rounds.filter(status=Status.CLOSED).count() >= 0.5 * from_rounds.count()
    assert from_rounds.exclude(responsible_unit=None).count() == from_rounds.count()


def test_the_running_mock_assessment_is_secret(demo, db, users):
    secret = Round.objects.secret().get()
    assert secret.kind == Kind.MOCK and secret.status == RoundStatus.IN_PROGRESS
    visits = Visit.objects.filter(round=secret)
    assert visits.filter(status=VisitStatus.SUBMITTED).count() >= 20
    assert visits.filter(status=VisitStatus.IN_PROGRESS).exists()
    assert secret.sample.in_sample().count() > visits.count()  # sites still to visit
    assert CheckResult.objects.filter(round=secret, verdict=Verdict.FAIL).exists()
    assert not CheckResult.objects.filter(round=secret).exclude(problem=None).exists()
    assert not Problem.objects.filter(external_ref=secret.code).exists()
    for name in ("handler", "handler2", "unithead", "district", "leader", "grid", "inspector"):
        assert not Round.objects.visible_to(users[name]).filter(pk=secret.pk).exists(), name
        assert not Visit.objects.visible_to(users[name]).filter(round=secret).exists(), name
    assert Round.objects.visible_to(users["office"]).filter(pk=secret.pk).exists()
    member = TeamMember.objects.filter(round=secret).select_related("user").first().user
    assert Round.objects.visible_to(member).filter(pk=secret.pk).exists()
    published = Round.objects.filter(kind=Kind.MOCK, status=RoundStatus.PUBLISHED).get()
    assert Round.objects.visible_to(users["handler"]).filter(pk=published.pk).exists()


def test_this_weeks_round_is_ready_for_the_demo_inspector(demo, db, users):
    current = Round.objects.get(name=CURRENT_NAME)
    assert not Visit.objects.filter(round=current).exists()
    first = current.teams.get(name="第一组")
    members = set(first.members.values_list("username", flat=True))
    assert "inspector" in members and len(members) == 2
    sample = list(current.sample.in_sample().select_related("site__site_type"))
    assert 10 <= len(sample) <= 15 and all(entry.team_id == first.pk for entry in sample)
    assert {entry.site.site_type.code for entry in sample} == {"road"}
    assert Round.objects.visible_to(users["inspector"]).filter(pk=current.pk).exists()
    city_cg = Unit.objects.get(name="市城管局")
    assert users["handler"].unit == city_cg
    items = list(ChecklistItem.objects.filter(site_type__code="road").select_related("standard"))
    routed = Counter()
    for entry in sample:
        assert city_cg in entry.site.responsible_units.all()
        for item in items:
            routed[routing.propose(entry.site, item.standard).unit] += 1
    assert routed[city_cg] == len(sample) * len(items)  # every failed item of these sites goes to 市城管局


def test_the_sample_entries_are_consistent(demo, db):
    for entry in RoundSite.objects.filter(removed=False).select_related("site", "round")[:500]:
        assert entry.site_type_id == entry.site.site_type_id
        assert entry.team_id is not None and entry.seq
