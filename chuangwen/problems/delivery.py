"""Sending what the outbox holds: SMS through a pluggable backend, email through Django's mail.

Messages are queued with queue_sms() / queue_email() inside the transaction that decides to send
them (so a rolled-back decision sends nothing), and sent later by deliver_pending(), which claims
rows with a conditional UPDATE (pending → sending, with a claim token): two senders at once never
send a row twice. A failure is retried with a growing delay, up to MAX_ATTEMPTS, then the row is
marked failed. See docs/notifications.md for plugging in a city's SMS gateway.
"""

from __future__ import annotations

import datetime
import logging
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

from chuangwen.problems.delivery_models import Channel, Outbox, OutboxStatus

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Delay before attempt n+1 after n failures (n = 1..4).
RETRY_DELAYS = [datetime.timedelta(minutes=m) for m in (1, 5, 15, 60)]
# A row left "sending" this long (a sender died mid-way) goes back to pending.
STALE_CLAIM = datetime.timedelta(minutes=10)
BATCH_SIZE = 100
MAX_ERROR_LENGTH = 1000


# --- SMS backends --------------------------------------------------------------------------


class BaseSmsBackend:
    """What a city's SMS gateway adapter implements (docs/notifications.md).

    send() delivers one text to one mobile number, or raises any exception to say it did not;
    the outbox then retries later. It is called outside any database transaction, once per
    message; it should time out rather than hang (a few seconds is plenty).
    """

    def send(self, phone: str, text: str) -> None:
        raise NotImplementedError


class LogFileSmsBackend(BaseSmsBackend):
    """The default: one line per message, "time<TAB>phone<TAB>text", appended to SMS_LOG_FILE."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path or settings.SMS_LOG_FILE)

    def send(self, phone: str, text: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        flat = " ".join(text.split())
        line = f"{timezone.localtime().isoformat(timespec='seconds')}\t{phone}\t{flat}\n"
        with self.path.open("a", encoding="utf-8") as log:
            log.write(line)


class MemorySmsBackend(BaseSmsBackend):
    """For tests: keeps (phone, text) pairs in MemorySmsBackend.outbox."""

    outbox: list[tuple[str, str]] = []
    _lock = threading.Lock()

    def send(self, phone: str, text: str) -> None:
        with self._lock:
            MemorySmsBackend.outbox.append((phone, text))


def get_sms_backend() -> BaseSmsBackend:
    return import_string(settings.SMS_BACKEND)()


# --- queueing (inside the caller's transaction) ----------------------------------------------


def queue_sms(phone: str, text: str, *, dedupe_key: str, problem=None) -> None:
    _queue(Channel.SMS, phone, "", text, dedupe_key, problem)


def queue_email(address: str, subject: str, body: str, *, dedupe_key: str, problem=None) -> None:
    _queue(Channel.EMAIL, address, subject, body, dedupe_key, problem)


def _queue(channel: str, to: str, subject: str, body: str, dedupe_key: str, problem) -> None:
    to = to.strip()
    if not to:
        return
    row = Outbox(
        channel=channel,
        to=to,
        subject=subject[:200],
        body=body,
        problem=problem,
        dedupe_key=dedupe_key,
        next_attempt_at=timezone.now(),
    )
    Outbox.objects.bulk_create([row], ignore_conflicts=True)


# --- sending -------------------------------------------------------------------------------


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0

    def __str__(self) -> str:
        return f"sent {self.sent}, retrying {self.retrying}, failed {self.failed}"


def _send(row: Outbox, sms: BaseSmsBackend) -> None:
    if row.channel == Channel.SMS:
        sms.send(row.to, row.body)
    else:
        send_mail(row.subject, row.body, settings.DEFAULT_FROM_EMAIL, [row.to], fail_silently=False)


def _release_stale(now: datetime.datetime) -> None:
    Outbox.objects.filter(status=OutboxStatus.SENDING, claimed_at__lt=now - STALE_CLAIM).update(
        status=OutboxStatus.PENDING, claim_token=""
    )


def _claim(now: datetime.datetime, limit: int) -> str | None:
    """Take up to `limit` due rows for this sender; None when nothing is due."""
    due = Outbox.objects.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now)
    ids = list(due.order_by("next_attempt_at", "id").values_list("pk", flat=True)[:limit])
    if not ids:
        return None
    token = uuid.uuid4().hex
    Outbox.objects.filter(pk__in=ids, status=OutboxStatus.PENDING).update(
        status=OutboxStatus.SENDING, claim_token=token, claimed_at=now
    )
    return token


def _record_failure(row: Outbox, token: str, error: Exception, report: DeliveryReport) -> None:
    attempts = row.attempts + 1
    message = f"{type(error).__name__}: {error}"[:MAX_ERROR_LENGTH]
    mine = Outbox.objects.filter(pk=row.pk, claim_token=token, status=OutboxStatus.SENDING)
    if attempts >= MAX_ATTEMPTS:
        mine.update(status=OutboxStatus.FAILED, attempts=attempts, last_error=message, claim_token="")
        report.failed += 1
        logger.error("outbox %s to %s failed for good after %s attempts: %s", row.pk, row.to, attempts, message)
        return
    retry_at = timezone.now() + RETRY_DELAYS[min(attempts, len(RETRY_DELAYS)) - 1]
    mine.update(
        status=OutboxStatus.PENDING, attempts=attempts, last_error=message, claim_token="", next_attempt_at=retry_at
    )
    report.retrying += 1
    logger.warning("outbox %s to %s failed (attempt %s), retrying: %s", row.pk, row.to, attempts, message)


def deliver_pending(*, limit: int | None = None) -> DeliveryReport:
    """Send every due outbox row, BATCH_SIZE at a time, until none is due (or `limit` were tried)."""
    report = DeliveryReport()
    sms = get_sms_backend()
    tried = 0
    _release_stale(timezone.now())
    while limit is None or tried < limit:
        batch = BATCH_SIZE if limit is None else min(BATCH_SIZE, limit - tried)
        token = _claim(timezone.now(), batch)
        if token is None:
            break
        for row in Outbox.objects.filter(claim_token=token, status=OutboxStatus.SENDING).order_by("id"):
            tried += 1
            try:
                _send(row, sms)
            except Exception as error:  # noqa: BLE001 - any backend failure is retried
                _record_failure(row, token, error, report)
                continue
            Outbox.objects.filter(pk=row.pk, claim_token=token).update(
                status=OutboxStatus.SENT,
                attempts=F("attempts") + 1,
                sent_at=timezone.now(),
                claim_token="",
                last_error="",
            )
            report.sent += 1
    return report
