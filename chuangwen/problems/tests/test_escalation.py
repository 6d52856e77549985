"""The escalation ladder under time-machine: the right notices at the right times, nothing twice."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chuangwen.audit.models import AuditEvent
from chuangwen.problems import escalation, services
from chuangwen.problems.delivery_models import Channel, Outbox
from chuangwen.problems.inbox import Notification
from chuangwen.problems.models import Escalation, Problem, Source, Status
from chuangwen.problems.policies import EscalationPolicy
from chuangwen.problems.tests.conftest import FakePhoto
from chuangwen.units.models import Unit, User

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = datetime.datetime(2026, 11, 25, 18, 0, tzinfo=SHANGHAI)
DEADLINE = T0 + datetime.timedelta(days=3)  # 11月28日18:00
LIAISON_PHONE = "13900000002"
HEAD_PHONE = "13800000001"  # dept_a's head, from chuangwen.testing
HOUR, DAY, SECOND = datetime.timedelta(hours=1), datetime.timedelta(days=1), datetime.timedelta(seconds=1)


# --- helpers shared with the other escalation and delivery test modules ------------------------


def prepare_unit(world) -> None:
    """Department A gets a liaison; its handler and head an email address."""
    Unit.objects.filter(pk=world.dept_a.pk).update(liaison_name="李联络", liaison_phone=LIAISON_PHONE)
    User.objects.filter(pk=world.handler.pk).update(email="handler@example.gov.cn")
    User.objects.filter(pk=world.unit_head.pk).update(email="head@example.gov.cn")


def make_assigned(world, place, deadline=DEADLINE, unit=None, description="东华路人行道占道经营") -> Problem:
    problem = services.create_problem(
        world.office_staff,
        source=Source.INSPECTION,
        description=description,
        site=place.site,
        standard=place.standard,
        photos=[FakePhoto()],
    )
    reason = "转交" if unit is not None else ""
    return services.assign_problem(world.office_staff, problem, unit=unit, deadline=deadline, reason=reason)


def counts() -> tuple[int, int, int]:
    """(escalation inbox notices, outbox rows, escalation audit events)."""
    return (
        Notification.objects.filter(kind__startswith="escalation_").count(),
        Outbox.objects.count(),
        AuditEvent.objects.filter(event_type="problem.escalated").count(),
    )


def level_of(problem: Problem) -> int:
    return Problem.objects.values_list("escalation_level", flat=True).get(pk=problem.pk)


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.fixture
def problem(world, place, clock) -> Problem:
    prepare_unit(world)
    return make_assigned(world, place)


def step(clock, at: datetime.datetime) -> escalation.Summary:
    """Run at `at`, then run again: the second run must change and send nothing."""
    clock.move_to(at)
    first = escalation.run_once(timezone.now())
    after_first = counts()
    again = escalation.run_once(timezone.now())
    assert again.total == 0
    assert counts() == after_first
    return first


def sms_to() -> list[str]:
    return sorted(Outbox.objects.filter(channel=Channel.SMS).values_list("to", flat=True))


# --- the ladder --------------------------------------------------------------------------------


def test_a_three_day_deadline_climbs_the_ladder_once(world, problem, clock):
    assert step(clock, T0 + DAY).total == 0
    assert step(clock, DEADLINE - DAY - SECOND).total == 0
    assert counts() == (0, 0, 0)

    # The reminder: 24 hours before the deadline, to the liaison (handlers in the app).
    assert step(clock, DEADLINE - DAY).escalated == {Escalation.REMINDED: 1}
    assert level_of(problem) == Escalation.REMINDED
    reminder = Notification.objects.get(kind="escalation_reminder")
    assert reminder.recipient == world.handler
    assert reminder.problem_id == problem.pk
    assert reminder.url == f"/problems/{problem.pk}/"
    assert problem.code in reminder.title and "市城管局" in reminder.title and "11月28日18:00" in reminder.title
    assert sms_to() == [LIAISON_PHONE]
    sms = Outbox.objects.get(channel=Channel.SMS)
    assert sms.body.startswith("【示范市文明办】问题" + problem.code)
    assert "将于11月28日18:00到期" in sms.body and f"/problems/{problem.pk}/" in sms.body
    assert list(Outbox.objects.filter(channel=Channel.EMAIL).values_list("to", flat=True)) == ["handler@example.gov.cn"]
    assert counts() == (1, 2, 1)

    # At the deadline itself the problem is not overdue yet.
    assert step(clock, DEADLINE).total == 0

    # Just after: the overdue notice to the liaison.
    assert step(clock, DEADLINE + SECOND).escalated == {Escalation.OVERDUE: 1}
    overdue = Notification.objects.get(kind="escalation_overdue")
    assert overdue.recipient == world.handler and "已超过整改时限" in overdue.title
    assert counts() == (2, 4, 2)

    # After head_after_days (2): the head, and the liaison again.
    assert step(clock, DEADLINE + 2 * DAY - SECOND).total == 0
    assert step(clock, DEADLINE + 2 * DAY).escalated == {Escalation.HEAD: 1}
    head = Notification.objects.filter(kind="escalation_head")
    assert {n.recipient for n in head} == {world.unit_head, world.handler}
    assert "已超期2天" in head[0].title
    assert sorted(Outbox.objects.filter(channel=Channel.SMS, body__contains="负责人").values_list("to", flat=True)) == [
        HEAD_PHONE,
        LIAISON_PHONE,
    ]
    assert counts() == (4, 8, 3)
    assert escalation.summons_list(timezone.now()) == []

    # After summons_after_days (5): the summons list.
    assert step(clock, DEADLINE + 5 * DAY - SECOND).total == 0
    assert step(clock, DEADLINE + 5 * DAY).escalated == {Escalation.SUMMONS: 1}
    assert counts() == (6, 12, 4)
    [group] = escalation.summons_list(timezone.now())
    assert group.unit == world.dept_a and [p.pk for p in group.problems] == [problem.pk]
    assert group.problems[0].days_overdue == 5

    # Nothing after the top of the ladder.
    assert step(clock, DEADLINE + 30 * DAY).total == 0
    assert counts() == (6, 12, 4)


def test_each_step_is_audited_as_the_system(problem, clock):
    for at in (DEADLINE - HOUR, DEADLINE + HOUR, DEADLINE + 2 * DAY, DEADLINE + 5 * DAY):
        step(clock, at)
    events = AuditEvent.objects.filter(event_type="problem.escalated").order_by("id")
    assert [(e.before, e.after) for e in events] == [
        ({"escalation_level": 0}, {"escalation_level": 1}),
        ({"escalation_level": 1}, {"escalation_level": 2}),
        ({"escalation_level": 2}, {"escalation_level": 3}),
        ({"escalation_level": 3}, {"escalation_level": 4}),
    ]
    assert all(e.actor_id is None and e.actor_name == "system" for e in events)
    assert {e.object_id for e in events} == {str(problem.pk)}


def test_a_problem_found_long_overdue_jumps_to_summons_with_that_notice_only(world, problem, clock):
    summary = step(clock, DEADLINE + 10 * DAY)
    assert summary.escalated == {Escalation.SUMMONS: 1}
    assert level_of(problem) == Escalation.SUMMONS
    event = AuditEvent.objects.get(event_type="problem.escalated")
    assert (event.before, event.after) == ({"escalation_level": 0}, {"escalation_level": 4})
    kinds = set(Notification.objects.filter(kind__startswith="escalation_").values_list("kind", flat=True))
    assert kinds == {"escalation_summons"}
    assert sms_to() == [HEAD_PHONE, LIAISON_PHONE]
    assert "已列入约谈名单" in Outbox.objects.filter(channel=Channel.SMS).first().body


def test_a_problem_found_overdue_gets_the_overdue_notice_not_the_reminder(problem, clock):
    step(clock, DEADLINE + HOUR)
    assert level_of(problem) == Escalation.OVERDUE
    kinds = set(Notification.objects.filter(kind__startswith="escalation_").values_list("kind", flat=True))
    assert kinds == {"escalation_overdue"}


def test_an_extension_restarts_the_ladder(world, problem, clock):
    step(clock, DEADLINE + HOUR)
    assert level_of(problem) == Escalation.OVERDUE
    new_deadline = DEADLINE + 7 * DAY
    request = services.request_extension(world.handler, problem, deadline=new_deadline, reason="需要采购设备")
    services.decide_extension(world.office_staff, request, approve=True)
    assert level_of(problem) == Escalation.NONE
    assert step(clock, DEADLINE + 2 * DAY).total == 0  # the old deadline no longer counts
    assert step(clock, new_deadline - DAY).escalated == {Escalation.REMINDED: 1}
    assert step(clock, new_deadline + HOUR).escalated == {Escalation.OVERDUE: 1}
    overdue = Notification.objects.filter(kind="escalation_overdue").order_by("id")
    assert overdue.count() == 2
    assert overdue[0].dedupe_key != overdue[1].dedupe_key


def test_a_reassignment_restarts_the_ladder_for_the_new_unit(world, problem, clock):
    step(clock, DEADLINE + 3 * DAY)
    assert level_of(problem) == Escalation.HEAD
    reassigned = services.assign_problem(world.office_staff, problem, unit=world.dept_b, reason="属交通局职责")
    assert level_of(problem) == Escalation.NONE
    assert step(clock, timezone.now()).total == 0
    step(clock, reassigned.deadline + HOUR)
    latest = Notification.objects.filter(kind="escalation_overdue").order_by("-id").first()
    assert latest.recipient == world.outsider  # dept_b's handler
    assert "市交通局" in latest.title


@pytest.mark.parametrize("end", ["submitted", "closed", "invalid"])
def test_a_problem_not_with_the_unit_is_never_escalated(world, problem, clock, end):
    clock.move_to(T0 + DAY)
    services.accept_problem(world.handler, problem)
    if end == "invalid":
        services.mark_invalid(world.office_staff, problem, reason="现场无此问题")
    else:
        services.submit_rectification(world.handler, problem, note="已清理", photos=[FakePhoto()])
    if end == "closed":
        services.approve_rectification(world.office_staff, problem)
    for at in (DEADLINE - HOUR, DEADLINE + HOUR, DEADLINE + 10 * DAY):
        assert step(clock, at).total == 0
    assert level_of(problem) == Escalation.NONE
    assert counts() == (0, 0, 0)


def test_a_rejected_problem_keeps_its_deadline_and_escalates(world, problem, clock):
    clock.move_to(T0 + DAY)
    services.submit_rectification(world.handler, problem, note="已清理", photos=[FakePhoto()])
    services.reject_rectification(world.office_staff, problem, reason="照片看不清")
    assert Problem.objects.get(pk=problem.pk).status == Status.REJECTED
    assert step(clock, DEADLINE + HOUR).escalated == {Escalation.OVERDUE: 1}


def test_the_summons_list_keeps_open_problems_only_grouped_by_unit(world, place, clock):
    prepare_unit(world)
    a1 = make_assigned(world, place)
    a2 = make_assigned(world, place, deadline=DEADLINE + HOUR)
    b1 = make_assigned(world, place, unit=world.dept_b)
    step(clock, DEADLINE + 6 * DAY)
    groups = escalation.summons_list(timezone.now())
    assert [(g.unit, [p.pk for p in g.problems]) for g in groups] == [
        (world.dept_a, [a1.pk, a2.pk]),
        (world.dept_b, [b1.pk]),
    ]
    services.submit_rectification(world.handler, a1, note="已清理", photos=[FakePhoto()])
    assert [g.count for g in escalation.summons_list()] == [2, 1]  # submitted: still open
    services.approve_rectification(world.office_staff, a1)
    assert [(g.unit, g.count) for g in escalation.summons_list()] == [(world.dept_a, 1), (world.dept_b, 1)]
    only_b = Problem.objects.filter(responsible_unit=world.dept_b)
    assert [g.unit for g in escalation.summons_list(queryset=only_b)] == [world.dept_b]


# --- the policy ------------------------------------------------------------------------------


def test_thresholds_changed_in_the_policy_take_effect(problem, clock):
    EscalationPolicy.objects.update_or_create(
        pk=1, defaults={"remind_before_hours": 48, "head_after_days": 1, "summons_after_days": 3}
    )
    assert step(clock, DEADLINE - 48 * HOUR - SECOND).total == 0
    assert step(clock, DEADLINE - 48 * HOUR).escalated == {Escalation.REMINDED: 1}
    assert step(clock, DEADLINE + DAY).escalated == {Escalation.HEAD: 1}
    assert step(clock, DEADLINE + 3 * DAY).escalated == {Escalation.SUMMONS: 1}


def test_no_reminder_when_remind_before_hours_is_zero(problem, clock):
    EscalationPolicy.objects.update_or_create(pk=1, defaults={"remind_before_hours": 0})
    assert step(clock, DEADLINE - SECOND).total == 0
    assert step(clock, DEADLINE).total == 0
    assert step(clock, DEADLINE + SECOND).escalated == {Escalation.OVERDUE: 1}


def test_sms_and_email_can_be_turned_off(problem, clock):
    EscalationPolicy.objects.update_or_create(pk=1, defaults={"notify_sms": False, "notify_email": False})
    step(clock, DEADLINE + 10 * DAY)
    assert counts() == (2, 0, 1)


def test_a_unit_without_handler_accounts_hears_through_its_head(world, problem, clock):
    User.objects.filter(pk=world.handler.pk).update(is_active=False)
    step(clock, DEADLINE - HOUR)
    assert [n.recipient for n in Notification.objects.filter(kind="escalation_reminder")] == [world.unit_head]


def test_a_unit_without_phones_gets_inbox_and_email_only(world, place, clock):
    Unit.objects.filter(pk=world.dept_a.pk).update(head_phone="", liaison_phone="")
    make_assigned(world, place)
    step(clock, DEADLINE + 10 * DAY)
    assert sms_to() == []
    assert Notification.objects.filter(kind="escalation_summons").count() == 2


def test_the_signature_and_the_base_url_come_from_settings(problem, clock, settings):
    settings.SMS_SIGNATURE = "【测试市文明办】"
    settings.NOTIFICATION_BASE_URL = "https://cw.example.gov.cn"
    step(clock, DEADLINE + HOUR)
    sms = Outbox.objects.get(channel=Channel.SMS)
    assert sms.body.startswith("【测试市文明办】问题")
    assert sms.body.endswith(f"详见：https://cw.example.gov.cn/problems/{problem.pk}/")
    assert Notification.objects.get(kind="escalation_overdue").url == f"/problems/{problem.pk}/"


def test_notices_are_written_in_the_site_language_whoever_runs_them(problem, clock):
    with translation.override("en"):
        step(clock, DEADLINE + HOUR)
    assert "已超过整改时限" in Notification.objects.get(kind="escalation_overdue").title


# --- the SQL and the Python rule agree ------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    offset_minutes=st.integers(min_value=-5 * 24 * 60, max_value=12 * 24 * 60),
    level=st.sampled_from(list(Escalation.values)),
    remind=st.integers(min_value=0, max_value=72),
    head=st.integers(min_value=0, max_value=6),
    summons=st.integers(min_value=0, max_value=10),
)
def test_the_query_picks_exactly_the_problems_that_climbed(problem, offset_minutes, level, remind, head, summons):
    ladder = escalation.Ladder(
        remind_before=datetime.timedelta(hours=remind),
        head_after=datetime.timedelta(days=head),
        summons_after=datetime.timedelta(days=summons),
    )
    Problem.objects.filter(pk=problem.pk).update(escalation_level=level)
    now = DEADLINE + datetime.timedelta(minutes=offset_minutes)
    picked = [d.pk for d in escalation.due(ladder, now)]
    assert picked == ([problem.pk] if ladder.level(DEADLINE, now) > level else [])
