"""The outbox: SMS and email sent once, failures retried with a delay and given up after five tries."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from chuangwen.problems import delivery, escalation
from chuangwen.problems.delivery_models import Channel, Outbox, OutboxStatus
from chuangwen.problems.tests.test_escalation import DEADLINE, HOUR, LIAISON_PHONE, T0, make_assigned, prepare_unit

pytestmark = pytest.mark.django_db


class BrokenSmsBackend(delivery.BaseSmsBackend):
    calls = 0

    def send(self, phone: str, text: str) -> None:
        BrokenSmsBackend.calls += 1
        raise ConnectionError("gateway timed out")


class FlakySmsBackend(delivery.BaseSmsBackend):
    """Fails twice, then works."""

    calls = 0

    def send(self, phone: str, text: str) -> None:
        FlakySmsBackend.calls += 1
        if FlakySmsBackend.calls <= 2:
            raise ConnectionError("busy")


@pytest.fixture
def sms_log(settings, tmp_path):
    settings.SMS_BACKEND = "chuangwen.problems.delivery.LogFileSmsBackend"
    settings.SMS_LOG_FILE = tmp_path / "sms" / "sms.log"
    return settings.SMS_LOG_FILE


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def _lines(path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def test_escalation_messages_are_sent_once(world, place, clock, sms_log):
    prepare_unit(world)
    problem = make_assigned(world, place)
    clock.move_to(DEADLINE + HOUR)
    escalation.run_once()
    assert delivery.deliver_pending().sent == 2
    assert delivery.deliver_pending().sent == 0
    escalation.run_once()
    assert delivery.deliver_pending().sent == 0
    [line] = _lines(sms_log)
    stamp, phone, text = line.split("\t")
    assert phone == LIAISON_PHONE
    assert stamp.startswith("2026-11-28T19:00:00")
    assert problem.code in text and "已超过整改时限" in text
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["handler@example.gov.cn"]
    assert problem.code in mail.outbox[0].subject and f"/problems/{problem.pk}/" in mail.outbox[0].body
    assert set(Outbox.objects.values_list("status", "attempts")) == {(OutboxStatus.SENT, 1)}
    assert all(row.sent_at is not None for row in Outbox.objects.all())


def test_a_failing_backend_is_retried_and_given_up_after_five_attempts(settings, clock):
    settings.SMS_BACKEND = "chuangwen.problems.tests.test_delivery.BrokenSmsBackend"
    BrokenSmsBackend.calls = 0
    delivery.queue_sms("13900000002", "测试短信", dedupe_key="test:1")
    for attempt in range(1, delivery.MAX_ATTEMPTS + 1):
        report = delivery.deliver_pending()
        row = Outbox.objects.get()
        assert row.attempts == attempt
        assert "ConnectionError: gateway timed out" in row.last_error
        if attempt < delivery.MAX_ATTEMPTS:
            assert (report.retrying, report.failed) == (1, 0)
            assert row.status == OutboxStatus.PENDING
            assert delivery.deliver_pending().retrying == 0  # not due yet
            clock.move_to(row.next_attempt_at)
        else:
            assert (report.retrying, report.failed) == (0, 1)
            assert row.status == OutboxStatus.FAILED
    clock.shift(datetime.timedelta(days=1))
    delivery.deliver_pending()
    assert BrokenSmsBackend.calls == delivery.MAX_ATTEMPTS


def test_retries_wait_longer_each_time(settings, clock):
    settings.SMS_BACKEND = "chuangwen.problems.tests.test_delivery.BrokenSmsBackend"
    delivery.queue_sms("13900000002", "测试短信", dedupe_key="test:1")
    waits = []
    for _ in range(delivery.MAX_ATTEMPTS - 1):
        delivery.deliver_pending()
        row = Outbox.objects.get()
        waits.append(row.next_attempt_at - timezone.now())
        clock.move_to(row.next_attempt_at)
    assert waits == delivery.RETRY_DELAYS


def test_a_backend_that_recovers_sends_the_message(settings, clock):
    settings.SMS_BACKEND = "chuangwen.problems.tests.test_delivery.FlakySmsBackend"
    FlakySmsBackend.calls = 0
    delivery.queue_sms("13900000002", "测试短信", dedupe_key="test:1")
    for _ in range(3):
        delivery.deliver_pending()
        clock.move_to(Outbox.objects.get().next_attempt_at)
    row = Outbox.objects.get()
    assert (row.status, row.attempts, row.last_error) == (OutboxStatus.SENT, 3, "")


def test_an_email_failure_is_retried(settings, clock):
    settings.EMAIL_BACKEND = "chuangwen.problems.tests.test_delivery.BrokenEmailBackend"
    delivery.queue_email("a@example.gov.cn", "主题", "正文", dedupe_key="test:mail")
    assert delivery.deliver_pending().retrying == 1
    assert "SMTP" in Outbox.objects.get().last_error


class BrokenEmailBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("SMTP server unreachable")


def test_the_same_message_is_queued_once_and_empty_addresses_are_skipped(sms_log):
    delivery.queue_sms("13900000002", "一", dedupe_key="k")
    delivery.queue_sms("13900000002", "一", dedupe_key="k")
    delivery.queue_sms("  ", "二", dedupe_key="k2")
    delivery.queue_email("", "主题", "三", dedupe_key="k3")
    assert list(Outbox.objects.values_list("dedupe_key", flat=True)) == ["k"]


def test_a_stale_claim_is_taken_back(sms_log, clock):
    delivery.queue_sms("13900000002", "一", dedupe_key="k")
    Outbox.objects.update(status=OutboxStatus.SENDING, claim_token="dead", claimed_at=T0)
    assert delivery.deliver_pending().sent == 0  # a live sender may still be on it
    clock.shift(delivery.STALE_CLAIM + datetime.timedelta(seconds=1))
    assert delivery.deliver_pending().sent == 1
    assert len(_lines(sms_log)) == 1


def test_a_row_claimed_by_another_sender_is_left_alone(sms_log):
    delivery.queue_sms("13900000002", "一", dedupe_key="k")
    Outbox.objects.update(status=OutboxStatus.SENDING, claim_token="other")
    assert delivery.deliver_pending().sent == 0
    assert _lines(sms_log) == []


def test_limit_caps_one_call(sms_log):
    for n in range(5):
        delivery.queue_sms(f"1390000000{n}", "一", dedupe_key=f"k{n}")
    assert delivery.deliver_pending(limit=2).sent == 2
    assert delivery.deliver_pending().sent == 3


def test_the_log_file_backend_keeps_one_line_per_message(tmp_path):
    backend = delivery.LogFileSmsBackend(tmp_path / "x.log")
    backend.send("13900000002", "第一行\n第二行")
    backend.send("13900000003", "另一条")
    lines = _lines(tmp_path / "x.log")
    assert [line.split("\t")[1:] for line in lines] == [["13900000002", "第一行 第二行"], ["13900000003", "另一条"]]


def test_the_base_backend_must_be_implemented():
    with pytest.raises(NotImplementedError):
        delivery.BaseSmsBackend().send("1", "x")


def test_the_memory_backend_collects(settings):
    settings.SMS_BACKEND = "chuangwen.problems.delivery.MemorySmsBackend"
    delivery.MemorySmsBackend.outbox.clear()
    delivery.queue_sms("13900000002", "一", dedupe_key="k")
    delivery.deliver_pending()
    assert delivery.MemorySmsBackend.outbox == [("13900000002", "一")]


def test_send_notifications_sends_and_reports(sms_log):
    delivery.queue_sms("13900000002", "一", dedupe_key="k")
    delivery.queue_email("a@example.gov.cn", "主题", "正文", dedupe_key="m", problem=None)
    out = StringIO()
    call_command("send_notifications", stdout=out)
    assert "sent 2, retrying 0, failed 0" in out.getvalue()
    assert Outbox.objects.filter(channel=Channel.EMAIL, status=OutboxStatus.SENT).count() == 1
