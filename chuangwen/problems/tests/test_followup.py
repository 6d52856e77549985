"""Follow-up (回头看): a reproducible sample of closed problems; a failed re-check is a rebound."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from chuangwen.audit.models import AuditEvent
from chuangwen.lib.errors import Conflict, DomainError, PermissionDenied
from chuangwen.problems import followup, services
from chuangwen.problems.followup_models import CheckResult, FollowUpCheck, FollowUpSample
from chuangwen.problems.models import Escalation, PhotoKind, Problem, Source, Status
from chuangwen.problems.tests.conftest import FakePhoto

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _closed(world, place, description: str, unit=None) -> Problem:
    problem = services.create_problem(
        world.office_staff, source=Source.INSPECTION, description=description, site=place.site, standard=place.standard
    )
    problem = services.assign_problem(world.office_staff, problem, unit=unit, reason="转交" if unit else "")
    actor = world.handler if unit is None else world.outsider
    services.submit_rectification(actor, problem, note="已整改", photos=[FakePhoto()])
    return services.approve_rectification(world.office_staff, Problem.objects.get(pk=problem.pk))


@pytest.fixture
def closed_many(world, place) -> list[Problem]:
    problems = [_closed(world, place, f"问题{i}") for i in range(12)]
    problems += [_closed(world, place, f"交通问题{i}", unit=world.dept_b) for i in range(3)]
    return problems


@pytest.fixture
def window():
    now = timezone.now()
    return {"closed_after": now - DAY, "closed_before": now + DAY}


def _ids(sample: FollowUpSample) -> list[int]:
    return list(sample.checks.order_by("problem_id").values_list("problem_id", flat=True))


def test_the_same_seed_draws_the_same_sample(world, closed_many, window):
    first = followup.draw_sample(world.office_staff, size=5, seed=2026, **window)
    second = followup.draw_sample(world.office_admin, size=5, seed=2026, **window)
    third = followup.draw_sample(world.office_staff, size=5, seed=2027, **window)
    assert len(_ids(first)) == 5
    assert _ids(first) == _ids(second)
    assert _ids(first) != _ids(third)
    assert first.seed == 2026 and first.size == 5
    assert first.criteria["population"] == 15
    assert set(first.checks.values_list("result", flat=True)) == {CheckResult.PENDING}


def test_without_a_seed_one_is_generated_and_recorded(world, closed_many, window):
    sample = followup.draw_sample(world.office_staff, size=4, **window)
    again = followup.draw_sample(world.office_staff, size=4, seed=sample.seed, **window)
    assert _ids(sample) == _ids(again)
    event = AuditEvent.objects.filter(event_type="followup.sample_drawn").order_by("id").first()
    assert event.after["seed"] == sample.seed
    assert event.after["problems"] == _ids(sample)


def test_only_closed_problems_in_the_window_are_drawn(world, place, closed_many, window):
    reopened = closed_many[0]
    services.reopen_problem(world.office_staff, reopened, reason="群众再次反映")
    open_one = services.create_problem(
        world.office_staff, source=Source.HOTLINE, description="未销号的问题", site=place.site
    )
    sample = followup.draw_sample(world.office_staff, percent=100, seed=1, **window)
    ids = _ids(sample)
    assert reopened.pk not in ids and open_one.pk not in ids
    assert set(ids) == {p.pk for p in closed_many[1:]}
    assert all(Problem.objects.get(pk=pk).status == Status.CLOSED for pk in ids)
    later = {"closed_after": window["closed_before"], "closed_before": window["closed_before"] + DAY}
    with pytest.raises(DomainError):
        followup.draw_sample(world.office_staff, size=3, **later)


def test_unit_and_district_narrow_the_draw(world, closed_many, window):
    of_b = followup.draw_sample(world.office_staff, size=10, seed=3, unit=world.dept_b, **window)
    assert set(Problem.objects.filter(pk__in=_ids(of_b)).values_list("responsible_unit", flat=True)) == {
        world.dept_b.pk
    }
    assert of_b.size == 3  # the whole population when asked for more
    assert followup.draw_sample(world.office_staff, size=10, seed=3, district=world.district_a, **window).size == 10
    with pytest.raises(DomainError):
        followup.draw_sample(world.office_staff, size=10, seed=3, district=world.district_b, **window)


def test_percent_rounds_up(world, closed_many, window):
    assert followup.draw_sample(world.office_staff, percent=10, seed=1, **window).size == 2  # 15 × 10% = 1.5


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"size": 3, "percent": 10}, {"size": 0}, {"percent": 0}, {"percent": 101}, {"size": 3, "seed": -1}],
)
def test_bad_sizes_are_refused(world, closed_many, window, kwargs):
    with pytest.raises(DomainError):
        followup.draw_sample(world.office_staff, **window, **kwargs)
    assert not FollowUpSample.objects.exists()


def test_an_empty_window_is_refused(world, closed_many, window):
    with pytest.raises(DomainError):
        followup.draw_sample(
            world.office_staff, size=3, closed_after=window["closed_before"], closed_before=window["closed_after"]
        )


@pytest.mark.parametrize(
    "persona", ["district_officer", "handler", "unit_head", "outsider", "inspector", "leader", "grid_worker"]
)
def test_only_office_staff_draw(world, closed_many, window, persona):
    with pytest.raises(PermissionDenied):
        followup.draw_sample(world.personas[persona], size=3, **window)
    assert not FollowUpSample.objects.exists()


@given(
    ids=st.lists(st.integers(min_value=1, max_value=10**6), unique=True, max_size=200),
    count=st.integers(min_value=0, max_value=250),
    seed=st.integers(min_value=0, max_value=2**53 - 1),
)
def test_pick_is_a_function_of_the_ids_the_count_and_the_seed(ids, count, seed):
    chosen = followup.pick(ids, count, seed)
    assert chosen == followup.pick(list(reversed(ids)), count, seed)  # the order given does not matter
    assert len(chosen) == min(count, len(ids))
    assert set(chosen) <= set(ids) and chosen == sorted(set(chosen))


# --- recording the re-check --------------------------------------------------------------------


@pytest.fixture
def check(world, closed_many, window) -> FollowUpCheck:
    sample = followup.draw_sample(world.office_staff, size=3, seed=7, unit=world.dept_a, **window)
    return sample.checks.order_by("id").first()


def test_a_passed_check_changes_nothing_else(world, check):
    problem_before = Problem.objects.get(pk=check.problem_id)
    followup.record_check(world.office_staff, check, passed=True, note="未反弹", photos=[FakePhoto()])
    check.refresh_from_db()
    assert (check.result, check.checked_by, check.note) == (CheckResult.PASSED, world.office_staff, "未反弹")
    problem = Problem.objects.get(pk=check.problem_id)
    assert problem.status == Status.CLOSED and problem.rebound_count == problem_before.rebound_count
    assert problem.photos.filter(kind=PhotoKind.RECHECK).count() == 1
    assert AuditEvent.objects.filter(event_type="problem.followup_passed", object_id=str(problem.pk)).count() == 1


def test_a_failed_check_reopens_the_problem_as_a_rebound_against_its_unit(world, check):
    before = Problem.objects.get(pk=check.problem_id)
    followup.record_check(world.office_staff, check, passed=False, note="占道经营再次出现")
    check.refresh_from_db()
    assert check.result == CheckResult.FAILED
    problem = Problem.objects.get(pk=check.problem_id)
    assert problem.status == Status.ASSIGNED
    assert problem.responsible_unit == before.responsible_unit == world.dept_a
    assert problem.rebound_count == before.rebound_count + 1
    assert problem.reopen_count == before.reopen_count + 1
    assert problem.escalation_level == Escalation.NONE and problem.deadline > timezone.now()
    events = list(AuditEvent.objects.for_object(problem).order_by("id").values_list("event_type", flat=True))
    assert events[-2:] == ["problem.followup_failed", "problem.rebounded"]
    assert "占道经营再次出现" in AuditEvent.objects.get(event_type="problem.rebounded").reason
    assert problem.pk in Problem.objects.for_unit(world.dept_a).filter(rebound_count__gt=0).values_list("pk", flat=True)


def test_a_failed_check_needs_a_note(world, check):
    with pytest.raises(DomainError):
        followup.record_check(world.office_staff, check, passed=False, note=" ")
    check.refresh_from_db()
    assert check.result == CheckResult.PENDING


def test_a_check_is_recorded_once(world, check):
    followup.record_check(world.office_staff, check, passed=True)
    with pytest.raises(Conflict):
        followup.record_check(world.office_staff, check, passed=False, note="反弹")
    assert Problem.objects.get(pk=check.problem_id).rebound_count == 0


def test_a_problem_reopened_meanwhile_cannot_fail_its_check(world, check):
    services.reopen_problem(world.office_staff, check.problem, reason="群众再次反映")
    with pytest.raises(Conflict):
        followup.record_check(world.office_staff, check, passed=False, note="反弹")
    check.refresh_from_db()
    assert check.result == CheckResult.PENDING


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("office_admin", True),
        ("office_staff", True),
        ("district_officer", False),  # the problems of dept_a here lie in district A, but see below
        ("handler", False),
        ("unit_head", False),
        ("outsider", False),
        ("inspector", False),
        ("leader", False),
        ("grid_worker", False),
    ],
)
def test_who_records_a_check(world, check, persona, allowed):
    actor = world.personas[persona]
    allowed = allowed or (persona == "district_officer" and check.problem.district_id == actor.unit_id)
    if allowed:
        followup.record_check(actor, check, passed=False, note="反弹")
        assert Problem.objects.get(pk=check.problem_id).rebound_count == 1
        return
    with pytest.raises(PermissionDenied):
        followup.record_check(actor, check, passed=False, note="反弹")
    check.refresh_from_db()
    assert check.result == CheckResult.PENDING
    assert Problem.objects.get(pk=check.problem_id).status == Status.CLOSED
