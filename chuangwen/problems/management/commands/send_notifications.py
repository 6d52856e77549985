"""`manage.py send_notifications [--loop] [--interval N]`: send the outbox's due SMS and email
only (escalate_overdue also does this after each run)."""

from __future__ import annotations

from chuangwen.problems import delivery
from chuangwen.problems.management.commands.escalate_overdue import Command as LoopCommand


class Command(LoopCommand):
    help = "Sends pending SMS and email from the outbox, retrying failures; --loop keeps going."

    def work(self) -> str:
        report = delivery.deliver_pending()
        if self.looping and not (report.sent or report.retrying or report.failed):
            return ""
        return f"send_notifications: {report}"
