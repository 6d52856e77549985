"""Findings become problems: when, with what, routed where; and what the results keep for scoring."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chuangwen.audit.models import AuditEvent
from chuangwen.indicators.models import RuleKind
from chuangwen.inspections import services
from chuangwen.inspections.models import CheckPhoto, CheckResult, Kind, RoundSite, Verdict
from chuangwen.inspections.tests.conftest import inspect, photo_file, plan_round
from chuangwen.inspections.tests.test_services_rounds import REFUSED, events, state
from chuangwen.lib.errors import PermissionDenied
from chuangwen.problems.models import PhotoKind, Problem, ProblemPhoto, Severity, Source, Status
from chuangwen.testing import make_site

pytestmark = pytest.mark.django_db


def entry_of(round_, site) -> RoundSite:
    return RoundSite.objects.select_related("site", "round").get(round=round_, site=site)


def visit_with_photos(place, round_, site, fails: dict):
    """Start, photograph each failed item twice, answer (fail for `fails` {item: count}) and submit."""
    inspector = place.world.inspector
    visit = services.start_visit(inspector, entry_of(round_, site))
    services.record_position(inspector, visit, lat=site.lat, lng=site.lng)
    for item in services.checklist(visit):
        if item.pk in fails:
            for n in range(2):
                services.add_photo(inspector, visit, item.pk, photo_file(), client_id=f"{visit.pk}-{item.pk}-{n}")
            services.answer(inspector, visit, item.pk, verdict=Verdict.FAIL, count=fails[item.pk], note="现场发现")
        else:
            services.answer(inspector, visit, item.pk, verdict=Verdict.PASS)
    return services.submit_visit(inspector, visit)


def test_open_round_registers_problems_at_submit(place, planned):
    plain, deduction, veto = place.items
    site = place.sites_a[0]
    visit = visit_with_photos(place, planned, site, {plain.pk: None, deduction.pk: 3})
    assert Problem.objects.count() == 2
    for item in (plain, deduction):
        result = CheckResult.objects.get(visit=visit, item=item)
        problem = result.problem
        assert problem is not None
        assert (problem.source, problem.site, problem.standard) == (Source.INSPECTION, site, item.standard)
        assert problem.external_ref == planned.code and problem.created_by == place.world.inspector
        assert problem.status == Status.ASSIGNED and problem.responsible_unit == place.world.dept_a
        assert problem.deadline is not None and problem.severity == Severity.MINOR
        assert problem.district == place.world.district_a
        stamped = set(CheckPhoto.objects.filter(visit=visit, item=item).values_list("image", flat=True))
        photos = ProblemPhoto.objects.filter(problem=problem)
        assert {p.image for p in photos} == stamped and len(stamped) == 2
        assert all(p.kind == PhotoKind.BEFORE for p in photos)
        originals = set(CheckPhoto.objects.filter(visit=visit).values_list("original", flat=True))
        assert not originals & {p.image for p in photos}  # the stamped copy, never the original
    assert Problem.objects.get(check_result__item=deduction).description == "无占道经营（3 处）\n现场发现"
    assert CheckResult.objects.get(visit=visit, item=veto).problem is None
    visit.refresh_from_db()
    assert visit.findings_created_at is not None
    assert events("problem.created") == 2 and events("problem.assigned") == 2


def test_create_findings_again_creates_nothing(place, planned):
    visit = inspect(place, planned, entry_of(planned, place.sites_a[0]), {place.items[0].pk: Verdict.FAIL})
    before = state()
    assert services.create_findings(place.world.office_staff, visit) == []
    assert state() == before and Problem.objects.count() == 1


def test_an_unsubmitted_visit_has_no_findings(place, planned):
    visit = services.start_visit(place.world.inspector, entry_of(planned, place.sites_a[0]))
    services.answer(place.world.inspector, visit, place.items[0].pk, verdict=Verdict.FAIL)
    assert services.create_findings(place.world.inspector, visit) == []
    assert Problem.objects.count() == 0


def test_covert_round_registers_problems_only_at_publication(place):
    office = place.world.office_staff
    round_ = plan_round(place, kind=Kind.COVERT)
    fails = {place.items[0].pk: None, place.items[1].pk: 2}
    visits = [visit_with_photos(place, round_, site, fails) for site in (place.sites_a[0], place.sites_b[0])]
    inspect(place, round_, entry_of(round_, place.sites_a[1]))  # all passed
    assert Problem.objects.count() == 0
    assert not CheckResult.objects.filter(problem__isnull=False).exists()
    assert all(v.findings_created_at is None for v in visits)
    services.close_round(office, round_)
    assert Problem.objects.count() == 0
    services.publish_round(office, round_)
    assert Problem.objects.count() == 4
    assert CheckResult.objects.filter(verdict=Verdict.FAIL, problem__isnull=True).count() == 0
    assert set(Problem.objects.values_list("created_by", flat=True)) == {place.world.inspector.pk}
    assert ProblemPhoto.objects.count() == 8
    event = AuditEvent.objects.get(event_type="round.published")
    assert event.actor == office and event.after["problems"] == 4 and event.after["status"] == "published"
    # Publishing records who registered them: the office acted, on the inspector's behalf.
    created = AuditEvent.objects.filter(event_type="problem.created")
    assert created.count() == 4 and set(created.values_list("actor", flat=True)) == {office.pk}


@pytest.mark.parametrize("persona", REFUSED)
def test_publication_is_refused_to_everybody_but_the_office(place, persona):
    round_ = plan_round(place, kind=Kind.COVERT)
    inspect(place, round_, entry_of(round_, place.sites_a[0]), {place.items[0].pk: Verdict.FAIL})
    services.close_round(place.world.office_staff, round_)
    before = state()
    with pytest.raises(PermissionDenied):
        services.publish_round(place.world.personas[persona], round_)
    assert state() == before and Problem.objects.count() == 0


def test_veto_items_give_serious_problems(place, planned):
    veto = place.items[2]
    assert veto.rule_kind == RuleKind.VETO
    inspect(
        place, planned, entry_of(planned, place.sites_a[0]), {veto.pk: Verdict.FAIL, place.items[0].pk: Verdict.FAIL}
    )
    assert Problem.objects.get(check_result__item=veto).severity == Severity.SERIOUS
    assert Problem.objects.get(check_result__item=place.items[0]).severity == Severity.MINOR


def test_finding_without_a_proposed_unit_stays_new(place):
    """A site of district B itself (no street), answered for by nobody, failing the item of a
    standard without a lead unit: the routing rules propose nobody, the office routes it."""
    lonely = make_site(place.road, place.world.district_b)
    round_ = plan_round(place)  # a full check: the lonely site is drawn too
    veto = place.items[2]
    inspect(place, round_, entry_of(round_, lonely), {veto.pk: Verdict.FAIL})
    problem = Problem.objects.get()
    assert problem.status == Status.NEW and problem.responsible_unit is None and problem.deadline is None
    assert events("problem.assigned") == 0


def test_routed_to_the_street_when_only_territory_answers(place, planned):
    """Site of street B with no answerable unit and a standard without lead: 属地 (the street)."""
    inspect(place, planned, entry_of(planned, place.sites_b[0]), {place.items[2].pk: Verdict.FAIL})
    assert Problem.objects.get().responsible_unit == place.world.street_b


def test_results_hold_what_scoring_needs(place, planned):
    plain, deduction, veto = place.items
    site = place.sites_a[1]
    visit = inspect(
        place, planned, entry_of(planned, site),
        {plain.pk: Verdict.NOT_APPLICABLE, deduction.pk: Verdict.FAIL, veto.pk: Verdict.PASS},
    )  # fmt: skip
    rows = {
        r.item_id: r
        for r in CheckResult.objects.filter(visit=visit).select_related("round", "site", "standard", "item")
    }
    assert set(rows) == {plain.pk, deduction.pk, veto.pk}
    for item, row in ((plain, rows[plain.pk]), (deduction, rows[deduction.pk]), (veto, rows[veto.pk])):
        assert (row.round, row.site, row.standard, row.item) == (planned, site, item.standard, item)
        assert row.rule_kind == item.rule_kind
    d = rows[deduction.pk]
    assert (d.verdict, d.count, d.deduction_per, d.deduction) == (Verdict.FAIL, 2, Decimal("0.50"), Decimal("1.00"))
    assert (rows[plain.pk].verdict, rows[plain.pk].count, rows[plain.pk].deduction) == (Verdict.NOT_APPLICABLE, 0, 0)
    assert (rows[veto.pk].verdict, rows[veto.pk].rule_kind) == (Verdict.PASS, RuleKind.VETO)
    # The index changes afterwards: the stored results keep the rule they were answered under.
    deduction.rule_kind, deduction.deduction_per = RuleKind.PASS_RATE, None
    deduction.save()
    d.refresh_from_db()
    assert (d.rule_kind, d.deduction_per, d.deduction) == (RuleKind.DEDUCTION, Decimal("0.50"), Decimal("1.00"))
    # One table answers a round's scoring query.
    per_standard = CheckResult.objects.filter(round=planned, standard=deduction.standard).values_list(
        "deduction_per", "count"
    )
    assert list(per_standard) == [(Decimal("0.50"), 2)]
