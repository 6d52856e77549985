"""`manage.py escalate_overdue [--loop] [--interval N]`: move problems up the escalation ladder,
then send what the outbox holds. Idempotent; safe to run twice at once, or on two machines."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from chuangwen.problems import delivery, escalation


class Command(BaseCommand):
    help = "Sends deadline reminders and overdue notices and fills the summons list; --loop keeps going."

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stopping = threading.Event()

    def add_arguments(self, parser) -> None:
        parser.add_argument("--loop", action="store_true", help="repeat until SIGTERM or SIGINT")
        parser.add_argument(
            "--interval",
            type=int,
            default=None,
            help="seconds between runs with --loop (default: ESCALATION_LOOP_SECONDS)",
        )

    def work(self) -> str:
        """One run; returns the line to print (empty: nothing worth printing in a loop)."""
        summary = escalation.run_once(timezone.now())
        report = delivery.deliver_pending()
        if self.looping and not summary.due and not (report.sent or report.retrying or report.failed):
            return ""
        return f"escalate_overdue: {summary}; delivery: {report}"

    def on_signal(self, signum: int, frame: Any) -> None:
        self.stdout.write(f"{signal.strsignal(signum)}, finishing...")
        self.stopping.set()

    def handle(self, *args: Any, loop: bool = False, interval: int | None = None, **options: Any) -> None:
        self.looping = loop
        if not loop:
            self.stdout.write(self.work())
            return
        interval = interval if interval is not None else settings.ESCALATION_LOOP_SECONDS
        previous = {sig: signal.signal(sig, self.on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            self.run_loop(interval)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def run_loop(self, interval: int) -> None:
        """Like healthchecks' sendalerts: a signal only sets a flag, checked between runs."""
        self.stdout.write(f"{self.name()} is running every {interval}s")
        while not self.stopping.is_set():
            close_old_connections()
            try:
                line = self.work()
            except Exception as error:  # noqa: BLE001 - keep the loop alive; the next run retries
                self.stderr.write(f"{self.name()}: {type(error).__name__}: {error}")
            else:
                if line:
                    self.stdout.write(line)
            self.stopping.wait(interval)
        self.stdout.write(f"{self.name()} stopped")

    def name(self) -> str:
        return self.__module__.rsplit(".", 1)[-1]
