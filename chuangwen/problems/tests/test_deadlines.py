"""Deadlines from the policy: defaults, per category, calendar and working days with holidays."""

import datetime
import zoneinfo

import pytest

from chuangwen.problems import deadlines
from chuangwen.problems.models import ProblemCategory, Severity
from chuangwen.problems.policies import DeadlinePolicy, DurationUnit, Holiday

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=SHANGHAI)


def test_defaults_by_severity_without_a_policy():
    start = at(2026, 11, 26, 10, 0)  # a Thursday
    assert deadlines.deadline_for(start, Severity.URGENT, None) == at(2026, 11, 27, 10, 0)
    assert deadlines.deadline_for(start, Severity.SERIOUS, None) == at(2026, 11, 29, 10, 0)
    assert deadlines.deadline_for(start, Severity.MAJOR, None) == at(2026, 12, 3, 10, 0)
    assert deadlines.deadline_for(start, Severity.MINOR, None) == at(2026, 12, 11, 10, 0)


def test_a_category_policy_beats_the_severity_default():
    market = ProblemCategory.objects.create(code="ZDJY", name="占道经营")
    DeadlinePolicy.objects.create(severity=Severity.MINOR, amount=5, unit=DurationUnit.DAYS)
    DeadlinePolicy.objects.create(severity=Severity.MINOR, category=market, amount=2, unit=DurationUnit.DAYS)
    start = at(2026, 11, 26, 10, 0)
    assert deadlines.deadline_for(start, Severity.MINOR, market) == at(2026, 11, 28, 10, 0)
    assert deadlines.deadline_for(start, Severity.MINOR, None) == at(2026, 12, 1, 10, 0)


def test_working_days_skip_weekends():
    DeadlinePolicy.objects.create(severity=Severity.MAJOR, amount=3, unit=DurationUnit.DAYS, working_days=True)
    # Thursday + 3 working days = Tuesday (Sat and Sun skipped).
    assert deadlines.deadline_for(at(2026, 11, 26, 9, 30), Severity.MAJOR, None) == at(2026, 12, 1, 9, 30)


def test_working_days_skip_holidays_and_count_makeup_workdays():
    DeadlinePolicy.objects.create(severity=Severity.MAJOR, amount=2, unit=DurationUnit.DAYS, working_days=True)
    Holiday.objects.create(date=datetime.date(2026, 10, 1), name="国庆节")
    Holiday.objects.create(date=datetime.date(2026, 10, 2), name="国庆节")
    Holiday.objects.create(date=datetime.date(2026, 9, 27), name="国庆调休", is_workday=True)  # a Sunday
    # Friday 25 Sep + 2 working days: Sunday 27 (makeup workday) and Monday 28.
    assert deadlines.deadline_for(at(2026, 9, 25, 15, 0), Severity.MAJOR, None) == at(2026, 9, 28, 15, 0)
    # Wednesday 30 Sep + 2: Oct 1 and 2 are holidays, Oct 3-4 a weekend: Mon 5 and Tue 6.
    assert deadlines.deadline_for(at(2026, 9, 30, 15, 0), Severity.MAJOR, None) == at(2026, 10, 6, 15, 0)


def test_hours_are_calendar_hours():
    DeadlinePolicy.objects.create(severity=Severity.URGENT, amount=4, unit=DurationUnit.HOURS, working_days=True)
    assert deadlines.deadline_for(at(2026, 11, 28, 22, 0), Severity.URGENT, None) == at(2026, 11, 29, 2, 0)
