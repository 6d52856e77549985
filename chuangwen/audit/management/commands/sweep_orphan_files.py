"""`manage.py sweep_orphan_files [--dry-run] [--older-than HOURS] [--loop] [--interval N]`: remove
stored files that no row refers to (what a worker killed mid-upload leaves; chuangwen/lib/orphans.py),
with one audit event per run that removed any. Idempotent; `make run` runs it once a day."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from chuangwen.lib import orphans
from chuangwen.problems.management.commands import escalate_overdue

DAY = 24 * 60 * 60


class Command(escalate_overdue.Command):
    """The escalation loop's machinery (signals, --loop, --interval), with this work."""

    help = "Removes files under MEDIA_ROOT older than a day that no row refers to; --loop repeats daily."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--loop", action="store_true", help="repeat until SIGTERM or SIGINT")
        parser.add_argument("--interval", type=int, default=DAY, help="seconds between runs with --loop (a day)")
        parser.add_argument("--dry-run", action="store_true", help="list what would go; remove nothing")
        parser.add_argument(
            "--older-than", type=float, default=24.0, metavar="HOURS", help="only files older than this (24)"
        )

    def handle(self, *args: Any, dry_run: bool = False, older_than: float = 24.0, **options: Any) -> None:
        self.dry_run, self.min_age = dry_run, datetime.timedelta(hours=max(older_than, 0.0))
        super().handle(*args, **options)

    def work(self) -> str:
        result = orphans.sweep(now=timezone.now(), min_age=self.min_age, dry_run=self.dry_run)
        lines = [f"sweep_orphan_files: {result}"]
        if self.dry_run:
            lines += [f"  {name}" for name in result.removed]
        return "\n".join(lines) if (result.removed or not self.looping) else ""
