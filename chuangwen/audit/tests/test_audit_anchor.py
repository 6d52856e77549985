"""`manage.py audit_anchor`: each closed day's head is stored once, mailed to the configured
addresses and put in the office admins' inbox; a rerun (or a second machine) adds nothing."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from chuangwen.audit import anchoring
from chuangwen.audit import services as audit
from chuangwen.audit.models import AuditAnchor, AuditEvent, ChainCheck
from chuangwen.problems.delivery_models import Outbox
from chuangwen.problems.inbox import Notification
from chuangwen.testing import build_world

pytestmark = pytest.mark.django_db
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def _at(day: int, hour: int) -> datetime.datetime:
    return datetime.datetime(2026, 3, day, hour, tzinfo=SHANGHAI)


def _event(text: str) -> AuditEvent:
    with transaction.atomic():
        return audit.record(None, "unit.updated", object_type="units.unit", object_id="1", reason=text)


@pytest.fixture
def world(db):
    """The personas, created on the morning of 1 March."""
    with time_machine.travel(_at(1, 8), tick=False):
        return build_world()


@pytest.fixture
def three_days(world, settings):
    """Events on 1 and 3 March (local time), none on the 2nd."""
    settings.AUDIT_ANCHOR_EMAILS = ["jijian@example.gov.cn", "tsa@example.org"]
    with time_machine.travel(_at(1, 9), tick=False):
        first = _event("一日上午")
    with time_machine.travel(_at(1, 23), tick=False):
        late = _event("一日深夜")
    with time_machine.travel(_at(3, 10), tick=False):
        third = _event("三日")
    return first, late, third


def _run(moment: datetime.datetime) -> str:
    out = StringIO()
    with time_machine.travel(moment, tick=False):
        call_command("audit_anchor", stdout=out)
    return out.getvalue()


def test_it_anchors_each_closed_day_with_its_last_event(world, three_days):
    first, late, third = three_days
    output = _run(_at(4, 1))
    assert "anchored" in output and "chain ok" in output
    anchors = {a.day.day: a for a in AuditAnchor.objects.all()}
    assert sorted(anchors) == [1, 2, 3]
    world_events = AuditEvent.objects.filter(at=_at(1, 8)).count()
    assert (anchors[1].seq, anchors[1].head_hash, anchors[1].events) == (late.seq, late.hash, world_events + 2)
    assert (anchors[2].seq, anchors[2].events) == (late.seq, 0)  # a quiet day repeats the head
    assert (anchors[3].seq, anchors[3].head_hash) == (third.seq, third.hash)
    assert anchors[1].until == _at(2, 0)


def test_it_mails_the_digest_and_tells_the_office_admins_once(world, three_days):
    _run(_at(4, 1))
    mails = Outbox.objects.filter(channel="email").order_by("to")
    assert [m.to for m in mails] == ["jijian@example.gov.cn", "tsa@example.org"]
    assert mails[0].subject == "审计链每日校验值 2026-03-03"
    third = three_days[2]
    assert f"2026-03-03  #{third.seq}  {third.hash}" in mails[0].body
    assert "本次全链校验：完好" in mails[0].body
    inbox = Notification.objects.filter(kind="audit_anchor")
    assert [n.recipient for n in inbox] == [world.office_admin]  # not office staff, not the others
    assert inbox[0].url == "/audit/"


def test_it_is_idempotent(world, three_days):
    _run(_at(4, 1))
    counts = (AuditAnchor.objects.count(), Outbox.objects.count(), Notification.objects.count())
    checks = ChainCheck.objects.count()
    assert _run(_at(4, 2)) == "audit_anchor: no day to close\n"
    assert (AuditAnchor.objects.count(), Outbox.objects.count(), Notification.objects.count()) == counts
    assert ChainCheck.objects.count() == checks  # nothing due: not even a verification


def test_a_second_runner_that_computed_the_same_days_adds_nothing(world, three_days):
    _run(_at(4, 1))
    with time_machine.travel(_at(4, 2), tick=False):
        assert anchoring._anchor(datetime.date(2026, 3, 3)) is None  # the unique day is the claim


def test_the_day_stays_open_during_the_grace_period(world, three_days):
    _run(_at(4, 0))  # five minutes past midnight would be within the grace too
    assert sorted(a.day.day for a in AuditAnchor.objects.all()) == [1, 2]


def test_the_next_day_continues_from_the_last_anchor(world, three_days):
    _run(_at(4, 1))
    with time_machine.travel(_at(4, 12), tick=False):
        _event("四日")
    _run(_at(5, 1))
    assert sorted(a.day.day for a in AuditAnchor.objects.all()) == [1, 2, 3, 4]
    assert Outbox.objects.filter(subject="审计链每日校验值 2026-03-04").count() == 2


def test_a_broken_chain_is_anchored_and_reported_in_the_digest(world, three_days):
    from chuangwen.audit.tests.support import drop_triggers, sql

    drop_triggers()
    sql("UPDATE audit_auditevent SET reason = 'x' WHERE seq = 2")
    _run(_at(4, 1))
    body = Outbox.objects.filter(channel="email").first().body
    assert "本次全链校验：发现断点：" in body and "第 2 条" in body


def test_anchors_cannot_be_changed(world, three_days):
    from django.db import DatabaseError

    _run(_at(4, 1))
    with pytest.raises(DatabaseError), transaction.atomic():
        from chuangwen.audit.tests.support import sql

        sql("UPDATE audit_auditanchor SET head_hash = 'x'")


def test_an_empty_trail_has_nothing_to_anchor(db):
    assert anchoring.close_days(timezone.now()).anchors == []
