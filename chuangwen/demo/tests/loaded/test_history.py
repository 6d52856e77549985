"""The demo city's three months of problem history: volumes, shares, queues, the audit trail."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.db.models import Count, Min
from django.utils import timezone

from chuangwen.audit.models import AuditEvent, AuditImmutableError
from chuangwen.demo.logins import FIRST_DISTRICT
from chuangwen.problems import deadlines
from chuangwen.problems.models import (
    ENDED,
    WITH_UNIT,
    Notification,
    PhotoKind,
    Problem,
    ProblemCategory,
    ProblemPhoto,
    Rectification,
    RequestKind,
    Review,
    Source,
    Status,
    UnitRequest,
)
from chuangwen.problems.policies import DeadlinePolicy, DurationUnit, Holiday
from chuangwen.units.models import Unit, User

pytestmark = pytest.mark.django_db
PROBLEM = "problems.problem"


@pytest.fixture
def now(demo, db) -> datetime.datetime:
    return timezone.now()


def _share(queryset, **match) -> float:
    return queryset.filter(**match).count() / queryset.count()


def test_problem_configuration(demo, db):
    names = set(ProblemCategory.objects.values_list("name", flat=True))
    expected = {
        "市容环境",
        "交通秩序",
        "公益广告",
        "公共设施",
        "环境卫生",
        "占道经营",
        "违章搭建",
        "噪声扰民",
        "生态环境",
        "其他",
    }
    assert expected <= names
    assert ProblemCategory.objects.exclude(code="other").filter(default_unit=None).count() == 0
    defaults = {p.severity: (p.amount, p.unit) for p in DeadlinePolicy.objects.filter(category=None)}
    assert defaults == {
        "urgent": (24, DurationUnit.HOURS),
        "serious": (3, DurationUnit.DAYS),
        "major": (7, DurationUnit.DAYS),
        "minor": (15, DurationUnit.DAYS),
    }
    assert DeadlinePolicy.objects.filter(working_days=True).values("category").distinct().count() == 2


def test_holidays_2026_make_working_day_deadlines_skip_national_day(demo, db):
    assert Holiday.objects.filter(date__year=2026, is_workday=False).count() == 33
    assert set(Holiday.objects.filter(is_workday=True).values_list("date", flat=True)) == {
        datetime.date(2026, 1, 4),
        datetime.date(2026, 2, 14),
        datetime.date(2026, 2, 28),
        datetime.date(2026, 5, 9),
        datetime.date(2026, 9, 20),
        datetime.date(2026, 10, 10),
    }
    start = timezone.make_aware(datetime.datetime(2026, 9, 30, 10, 0))
    building = ProblemCategory.objects.get(code="illegal_building")
    deadline = timezone.localtime(deadlines.deadline_for(start, "major", building))  # 10 working days
    assert deadline.date() == datetime.date(2026, 10, 20)  # Oct 1-7 off, Sat Oct 10 worked


def test_volumes_and_sources(demo, db):
    loaded = AuditEvent.objects.get(event_type="demo.loaded").after
    assert loaded["problems"] == Problem.objects.count() and loaded["history_steps_refused"] == 0
    problems = Problem.objects.all()
    assert 1500 <= problems.count() <= 3000
    shares = {s: _share(problems, source=s) for s in Source.values}
    assert 0.40 <= shares[Source.INSPECTION] <= 0.60
    assert 0.15 <= shares[Source.CITIZEN] <= 0.25
    assert 0.10 <= shares[Source.GRID] <= 0.20
    assert 0.07 <= shares[Source.HOTLINE] + shares[Source.PETITION] <= 0.13
    for source in (Source.ENVIRONMENT, Source.LEADER, Source.MEDIA):
        assert 0.005 <= shares[source] <= 0.05, source
    assert problems.filter(site=None).count() >= 100  # some at an address or position only
    assert problems.filter(site=None, lat__isnull=False).exists()
    with_standard = problems.filter(source=Source.INSPECTION, standard__isnull=False).select_related("site")
    assert with_standard.count() >= 0.8 * problems.filter(source=Source.INSPECTION).count()
    for problem in with_standard.prefetch_related("standard__site_types")[:200]:
        assert problem.site.site_type_id in {t.pk for t in problem.standard.site_types.all()}, problem.code


def test_every_status_and_realistic_outcomes(demo, db):
    problems = Problem.objects.all()
    statuses = Counter(problems.values_list("status", flat=True))
    assert set(statuses) == set(Status.values)
    assert statuses[Status.CLOSED] >= 0.6 * problems.count()
    closed = problems.filter(status=Status.CLOSED)
    assert _share(closed, closed_on_time=True) >= 0.7
    assert problems.filter(rework_count=1).exists() and problems.filter(rework_count__gte=2).exists()
    assert closed.filter(rework_count__gte=1).exists()
    assert problems.filter(extension_count__gte=1).exists()
    assert problems.filter(reopen_count__gte=1, rebound_count=0).exists()
    assert problems.filter(rebound_count__gte=1).exists()
    for duplicate in problems.filter(status=Status.DUPLICATE).select_related("duplicate_of"):
        assert duplicate.duplicate_of.status != Status.DUPLICATE
        assert duplicate.duplicate_of.created_at <= duplicate.created_at
    assert not problems.filter(status__in=ENDED, closed_at=None).exists()
    requests = Counter(UnitRequest.objects.values_list("kind", "outcome"))
    for kind in RequestKind.values:
        for outcome in Review.values:
            assert requests[(kind, outcome)] >= 1, (kind, outcome)
    assert requests[(RequestKind.EXTENSION, Review.APPROVED)] > requests[(RequestKind.EXTENSION, Review.REJECTED)]


def test_overdue_share_of_problems_with_units(demo, db, now):
    with_units = Problem.objects.filter(status__in=WITH_UNIT)
    overdue = Problem.objects.overdue(now)
    # About one in five; the share moves with the hour the demo is loaded at (deadlines fall in
    # working hours, the history ends at the moment of loading): 0.26 seen at 13:18 Beijing time.
    assert 0.10 <= overdue.count() / with_units.count() <= 0.30
    days = sorted(p.overdue_days(now) for p in overdue)
    assert days[0] <= 3 and days[-1] >= 10  # just late and long overdue


def test_every_queue_has_work(demo, db, now):
    problems = Problem.objects.all()
    assert problems.filter(status=Status.NEW).exists()  # to triage
    assert problems.filter(status=Status.SUBMITTED).exists()  # awaiting review
    assert problems.overdue(now).exists()
    pending = UnitRequest.objects.filter(outcome=Review.PENDING)
    assert pending.filter(kind=RequestKind.EXTENSION).exists() and pending.filter(kind=RequestKind.DISPUTE).exists()


def test_the_demo_logins_have_things_to_do(demo, db, now):
    users = {u.username: u for u in User.objects.select_related("unit")}
    mine = Problem.objects.visible_to(users["handler"])
    assert mine.filter(status=Status.ASSIGNED).exists()
    assert mine.filter(status=Status.IN_PROGRESS).exists()
    assert mine.filter(status=Status.REJECTED).exists()
    assert mine.overdue(now).exists()
    assert mine.overdue(now).filter(status=Status.REJECTED).exists()
    assert mine.filter(status__in=WITH_UNIT, deadline__gte=now, deadline__lt=now + datetime.timedelta(hours=24))
    assert mine.filter(status=Status.CLOSED).count() >= 50
    assert Notification.objects.filter(recipient=users["handler"], read_at=None).exists()
    district = Unit.objects.get(code=FIRST_DISTRICT)
    in_district = Problem.objects.visible_to(users["district"])
    assert in_district.count() >= 100 and not in_district.exclude(district=district).exists()
    assert in_district.filter(status__in=WITH_UNIT).exists()
    assert Problem.objects.visible_to(users["grid"]).filter(source=Source.GRID).count() >= 5
    assert Problem.objects.visible_to(users["inspector"]).filter(source=Source.INSPECTION).count() >= 20
    assert Problem.objects.filter(created_by=users["office"]).exists()
    assert AuditEvent.objects.filter(actor=users["office"], event_type="problem.assigned").count() >= 100


def test_every_problem_has_its_audit_trail_over_three_months(demo, db, now):
    events = AuditEvent.objects.filter(object_type=PROBLEM)
    ids = {int(i) for i in events.values_list("object_id", flat=True).distinct()}
    assert ids == set(Problem.objects.values_list("pk", flat=True))
    created = dict(events.filter(event_type="problem.created").values_list("object_id", "at"))
    for pk, created_at in Problem.objects.values_list("pk", "created_at"):
        assert created[str(pk)] == created_at
    first, last = events.aggregate(first=Min("at"))["first"], events.latest("at").at
    assert 80 <= (now - first).days <= 91 and last <= now
    days = {timezone.localtime(at).date() for at in events.values_list("at", flat=True)}
    assert len(days) >= 80
    assert events.filter(event_type="problem.approved").count() >= 1000


def test_timestamps_follow_the_workflow(demo, db, now):
    problems = Problem.objects.all()
    for problem in problems.exclude(assigned_at=None):
        assert problem.created_at <= problem.assigned_at <= now, problem.code
    for rectification in Rectification.objects.select_related("problem"):
        assert rectification.problem.created_at <= rectification.submitted_at <= now
        if rectification.reviewed_at:
            assert rectification.submitted_at <= rectification.reviewed_at <= now
    notifications = Notification.objects.aggregate(first=Min("created_at"))
    assert (now - notifications["first"]).days >= 80


def test_photos_before_and_after(demo, db, demo_media):
    problems = Problem.objects.all()
    with_before = problems.filter(photos__kind=PhotoKind.BEFORE).distinct().count()
    assert with_before >= 0.7 * problems.count()
    without_after = Rectification.objects.annotate(n=Count("photos")).filter(n=0)
    assert not without_after.exists()
    names = set(ProblemPhoto.objects.values_list("image", flat=True))
    drawn = {name for name in names if name.startswith("problems/")}
    assert 4 <= len(drawn) <= 12  # the same few stored files, reused
    stamped = names - drawn  # the inspection rounds' findings carry the stamped photo of their visit
    assert stamped and all(name.startswith("inspections/") for name in stamped)
    for name in names:
        assert (demo_media / name).is_file(), name
        assert name.endswith(".jpg")


def test_audit_events_cannot_be_edited(demo, db):
    event = AuditEvent.objects.filter(object_type=PROBLEM).first()
    event.reason = "改写历史"
    with pytest.raises(AuditImmutableError):
        event.save()
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="改写历史")
    with pytest.raises(AuditImmutableError):
        event.delete()
