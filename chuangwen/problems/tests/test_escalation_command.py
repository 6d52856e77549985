"""`manage.py escalate_overdue`: one run, a rerun that sends nothing, and a loop that stops cleanly."""

from __future__ import annotations

import os
import signal
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from chuangwen.problems.management.commands import escalate_overdue
from chuangwen.problems.tests.test_escalation import DEADLINE, HOUR, T0, make_assigned, prepare_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def sms_log(settings, tmp_path):
    settings.SMS_BACKEND = "chuangwen.problems.delivery.LogFileSmsBackend"
    settings.SMS_LOG_FILE = tmp_path / "sms.log"
    return settings.SMS_LOG_FILE


def _run(*args: str) -> str:
    out = StringIO()
    call_command("escalate_overdue", *args, stdout=out)
    return out.getvalue()


def test_a_run_escalates_sends_and_a_rerun_does_nothing(world, place, sms_log):
    with time_machine.travel(T0, tick=False) as clock:
        prepare_unit(world)
        make_assigned(world, place)
        clock.move_to(DEADLINE + HOUR)
        first = _run()
        assert "1 due, 1 escalated (reminder 0, overdue 1, head 0, summons 0)" in first
        assert "delivery: sent 2, retrying 0, failed 0" in first
        second = _run()
        assert "0 due, 0 escalated" in second and "delivery: sent 0" in second
    assert len(sms_log.read_text(encoding="utf-8").splitlines()) == 1


def test_the_loop_stops_cleanly_on_sigterm_and_restores_the_handlers(world, monkeypatch, sms_log):
    runs = []

    def work(self) -> str:
        runs.append(1)
        if len(runs) == 2:
            os.kill(os.getpid(), signal.SIGTERM)
        return f"run {len(runs)}"

    monkeypatch.setattr(escalate_overdue.Command, "work", work)
    monkeypatch.setattr(escalate_overdue, "close_old_connections", lambda: None)
    before = signal.getsignal(signal.SIGTERM)
    out = _run("--loop", "--interval", "0")
    assert len(runs) == 2
    assert out.splitlines() == [
        "escalate_overdue is running every 0s",
        "run 1",
        "Terminated, finishing...",  # the signal lands during the second run, which completes
        "run 2",
        "escalate_overdue stopped",
    ]
    assert signal.getsignal(signal.SIGTERM) == before


def test_the_loop_survives_a_failing_run(world, monkeypatch, sms_log):
    runs = []

    def work(self) -> str:
        runs.append(1)
        if len(runs) == 1:
            raise RuntimeError("database went away")
        self.stopping.set()
        return "ok"

    monkeypatch.setattr(escalate_overdue.Command, "work", work)
    monkeypatch.setattr(escalate_overdue, "close_old_connections", lambda: None)
    err = StringIO()
    call_command("escalate_overdue", "--loop", "--interval", "0", stdout=StringIO(), stderr=err)
    assert len(runs) == 2
    assert "RuntimeError: database went away" in err.getvalue()


def test_an_idle_loop_run_prints_nothing(world, sms_log):
    command = escalate_overdue.Command(stdout=StringIO())
    command.looping = True
    assert command.work() == ""
    command.looping = False
    assert command.work().startswith("escalate_overdue: 0 due")
