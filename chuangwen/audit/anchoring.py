"""Writes about the chain itself: a verification's result, and closing days with a published anchor.

close_days() is the daily job (`manage.py audit_anchor`): for every day that ended (with a grace
period for late writers) and has no anchor yet, it stores the day's head (the last event dated
before the day's end, and its hash). The unique day is the claim: of two runners, on one machine or
two, the second's insert fails and it sends nothing. The runner that anchored sends one digest per
run, inside the same transaction: an email to each AUDIT_ANCHOR_EMAILS address (the 纪检 office, an
outside timestamp service) through the outbox, and a message in every office admin's inbox.
"""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Min
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chuangwen.audit import integrity
from chuangwen.audit import services as audit
from chuangwen.audit.models import AuditAnchor, AuditEvent, ChainCheck

# A day is closed this long after its end, so that a writer that built its event just before
# midnight (or on a machine whose clock is a little behind) has committed it.
GRACE = datetime.timedelta(minutes=10)
DIGEST_KIND = "audit_anchor"


def check_chain(actor=None) -> ChainCheck:
    """Verify the whole chain now and keep the result for the audit page."""
    started = time.perf_counter()
    result = integrity.verify_database()
    with transaction.atomic():
        check = ChainCheck.objects.create(
            checked_by=actor if getattr(actor, "is_authenticated", False) else None,
            ok=result.ok,
            length=result.length,
            head_hash=result.head_hash,
            finding=result.finding.as_dict() if result.finding else None,
            seconds=round(time.perf_counter() - started, 3),
        )
        audit.record(actor, "audit.chain_checked", check, after={"ok": check.ok, "length": check.length})
    return check


def _local_day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def days_to_close(now: datetime.datetime) -> list[datetime.date]:
    last_closed = timezone.localtime(now - GRACE).date() - datetime.timedelta(days=1)
    latest = AuditAnchor.objects.aggregate(day=Max("day"))["day"]
    if latest is not None:
        first = latest + datetime.timedelta(days=1)
    else:
        first_event = AuditEvent.objects.aggregate(at=Min("at"))["at"]
        if first_event is None:
            return []
        first = timezone.localtime(first_event).date()
    return [first + datetime.timedelta(days=n) for n in range((last_closed - first).days + 1)]


def _anchor(day: datetime.date) -> AuditAnchor | None:
    """Store the day's head, or None when the chain had not started or another runner was first."""
    start, until = _local_day_start(day), _local_day_start(day + datetime.timedelta(days=1))
    before_end = AuditEvent.objects.filter(at__lt=until)
    head = before_end.order_by("-seq").values_list("seq", "hash").first()
    if head is None:
        return None
    anchor = AuditAnchor(
        day=day, until=until, seq=head[0], head_hash=head[1], events=before_end.filter(at__gte=start).count()
    )
    try:
        with transaction.atomic():
            anchor.save()
    except IntegrityError:
        return None
    return anchor


@dataclass
class AnchorRun:
    anchors: list[AuditAnchor] = field(default_factory=list)
    check: ChainCheck | None = None

    def __str__(self) -> str:
        if not self.anchors:
            return "no day to close"
        state = "chain ok" if self.check and self.check.ok else "CHAIN BROKEN"
        return f"anchored {len(self.anchors)} day(s) up to {self.anchors[-1].day}: {state}"


def close_days(now: datetime.datetime | None = None) -> AnchorRun:
    """Anchor every closed day without an anchor; verify the chain and send the digest if any."""
    now = now or timezone.now()
    run = AnchorRun()
    if not days_to_close(now):
        return run
    check = check_chain(None)
    with transaction.atomic():
        run.anchors = [a for a in (_anchor(day) for day in days_to_close(now)) if a is not None]
        if run.anchors:
            run.check = check
            last = run.anchors[-1]
            audit.record(
                None, "audit.anchored", last,
                after={"days": [str(a.day) for a in run.anchors], "seq": last.seq, "head_hash": last.head_hash},
            )  # fmt: skip
            _send_digest(run)
    return run


# --- the digest ---------------------------------------------------------------------------------


def digest_text(run: AnchorRun) -> tuple[str, str]:
    """Subject and body, in Chinese like every message the platform sends."""
    last = run.anchors[-1]
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("审计链每日校验值 %(day)s") % {"day": last.day}
        lines = [
            _("以下是审计日志哈希链每日的链头校验值（SHA-256）。请留存本邮件，以便日后核对日志是否被改写。"),
            "",
            *(f"{a.day}  #{a.seq}  {a.head_hash}" for a in run.anchors[-31:]),
            "",
            _("本次全链校验：%(result)s") % {"result": _check_text(run.check)},
            _("核对方法：在服务器上运行 manage.py verify_audit，或对导出的审计链运行 verify_audit --export 文件名。"),
        ]
    return subject, "\n".join(lines)


def _check_text(check: ChainCheck | None) -> str:
    from chuangwen.audit.chain import Finding

    if check is None:
        return "—"
    if check.ok:
        return _("完好，共 %(n)s 条事件") % {"n": check.length}
    return _("发现断点：%(message)s") % {"message": Finding.from_dict(check.finding).message()}


def _send_digest(run: AnchorRun) -> None:
    from chuangwen.problems import delivery
    from chuangwen.problems.inbox import Notification
    from chuangwen.units.models import Role, User

    subject, body = digest_text(run)
    key = f"audit-anchor:{run.anchors[-1].day}"
    for address in settings.AUDIT_ANCHOR_EMAILS:
        delivery.queue_email(address, subject, body, dedupe_key=f"{key}:{address}")
    url = reverse("audit:list")
    admins = User.objects.filter(role=Role.OFFICE_ADMIN, is_active=True)
    Notification.objects.bulk_create(
        [
            Notification(recipient=u, kind=DIGEST_KIND, title=subject, body=body, url=url, dedupe_key=key)
            for u in admins
        ],
        ignore_conflicts=True,
    )
