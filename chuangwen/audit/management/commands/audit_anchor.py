"""`manage.py audit_anchor [--loop] [--interval N]`: close the days that ended, publishing each day's
head hash of the audit chain (digest email, office admins' inbox, public page), then send what the
outbox holds. Idempotent; safe to run twice at once, or on two machines (the day is the claim)."""

from __future__ import annotations

from django.utils import timezone

from chuangwen.audit import anchoring
from chuangwen.problems import delivery
from chuangwen.problems.management.commands.escalate_overdue import Command as LoopCommand


class Command(LoopCommand):
    help = "Anchors each closed day's head of the audit chain and sends the digest; --loop keeps going."

    def work(self) -> str:
        run = anchoring.close_days(timezone.now())
        if not run.anchors:
            return "" if self.looping else f"audit_anchor: {run}"
        report = delivery.deliver_pending()
        return f"audit_anchor: {run}; delivery: {report}"
