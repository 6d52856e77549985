"""Runs at the same instant on a real PostgreSQL server: each step is claimed, audited and
notified once, and each SMS is sent once, however many escalate_overdue run at once.

PostgreSQL only: these tests commit (transaction=True) and Django's flush cannot empty the
append-only audit table on SQLite (its triggers refuse DELETE); on PostgreSQL flush TRUNCATEs.
"""

from __future__ import annotations

import datetime
import threading
from collections import Counter

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from chuangwen.audit.models import AuditEvent
from chuangwen.lib import search
from chuangwen.problems import delivery, escalation
from chuangwen.problems.delivery_models import Channel, Outbox, OutboxStatus
from chuangwen.problems.inbox import Notification
from chuangwen.problems.models import Escalation, Problem
from chuangwen.problems.tests.test_escalation import DEADLINE, T0, make_assigned, prepare_unit

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="commits for real; flush cannot empty the append-only audit table on SQLite (run with DATABASE_URL)",
    ),
]
RUNNERS = 3


@pytest.fixture(autouse=True)
def _clear_search_index():
    yield
    search.clear("problems")  # not a model: flush leaves it


def _at_once(work, count: int = RUNNERS) -> list:
    """Call work() in `count` threads released together; each thread closes its connection."""
    barrier = threading.Barrier(count)
    results: list = []
    errors: list = []

    def target() -> None:
        try:
            barrier.wait()
            results.append(work())
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=target) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


def test_concurrent_runs_send_each_notice_once(world, place, settings, tmp_path):
    settings.SMS_BACKEND = "chuangwen.problems.delivery.LogFileSmsBackend"
    settings.SMS_LOG_FILE = tmp_path / "sms.log"
    with time_machine.travel(T0, tick=False) as clock:
        prepare_unit(world)
        # Deadlines 6 hours apart over 10 days: the problems reach every level of the ladder.
        problems = [make_assigned(world, place, deadline=DEADLINE + i * datetime.timedelta(hours=6)) for i in range(40)]
        clock.move_to(DEADLINE + datetime.timedelta(days=6))
        now = timezone.now()
        ladder = escalation.Ladder.from_policy(escalation.EscalationPolicy.current())
        expected = {p.pk: ladder.level(p.deadline, now) for p in problems}
        assert set(expected.values()) == {0, 1, 2, 3, 4}

        summaries = _at_once(lambda: escalation.run_once(now))

        assert sum(s.total for s in summaries) == sum(1 for level in expected.values() if level)
        assert dict(Problem.objects.values_list("pk", "escalation_level")) == expected
        events = Counter(
            int(pk)
            for pk in AuditEvent.objects.filter(event_type="problem.escalated").values_list("object_id", flat=True)
        )
        assert events == Counter({pk: 1 for pk, level in expected.items() if level})
        for pk, level in expected.items():
            notices = Notification.objects.filter(problem_id=pk, kind__startswith="escalation_")
            wanted = {0: 0, 1: 1, 2: 1, 3: 2, 4: 2}[level]  # handler; from level 3 head and handler
            assert notices.count() == wanted, (pk, level)
            sms = Outbox.objects.filter(problem_id=pk, channel=Channel.SMS).count()
            assert sms == {0: 0, 1: 1, 2: 1, 3: 2, 4: 2}[level], (pk, level)

        # A rerun after the race finds nothing left to do.
        assert escalation.run_once(now).total == 0

        # Senders at once: every SMS written to the log once, every row sent.
        reports = _at_once(delivery.deliver_pending)
        rows = Outbox.objects.count()
        assert sum(r.sent for r in reports) == rows
        assert Outbox.objects.filter(status=OutboxStatus.SENT).count() == rows
        lines = settings.SMS_LOG_FILE.read_text(encoding="utf-8").splitlines()
        assert len(lines) == Outbox.objects.filter(channel=Channel.SMS).count()
        assert len(set(lines)) == len(lines)
        assert Problem.objects.filter(escalation_level=Escalation.SUMMONS).count() == sum(
            1 for level in expected.values() if level == Escalation.SUMMONS
        )
