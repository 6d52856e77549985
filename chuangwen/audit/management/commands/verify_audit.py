"""`manage.py verify_audit [--export FILE]`: check the audit trail's hash chain, in this database
(with the published daily anchors and the append-only triggers) or in an exported JSON Lines file.
Prints the first broken link and exits with status 1; prints the chain's length and head when
it holds. Reads only: anyone may run it (the algorithm is in chuangwen/audit/chain.py)."""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from chuangwen.audit import integrity


def kept_anchor(text: str) -> tuple[datetime.date, str]:
    day, _sep, hash_ = text.partition(":")
    try:
        parsed = datetime.date.fromisoformat(day.strip())
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a day: {day!r} (YYYY-MM-DD:HASH)") from error
    hash_ = hash_.strip().lower()
    if len(hash_) != 64 or any(c not in "0123456789abcdef" for c in hash_):
        raise argparse.ArgumentTypeError(f"not a SHA-256 hash: {hash_!r}")
    return parsed, hash_


class Command(BaseCommand):
    help = "Verifies the audit chain (database or --export FILE); names the first broken link."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--export", metavar="FILE", help="verify an exported chain (JSON Lines) instead")
        parser.add_argument(
            "--anchor",
            metavar="DAY:HASH",
            action="append",
            type=kept_anchor,
            default=[],
            help="a day's head hash kept outside (digest email, public page), e.g. 2026-12-06:5b20...; repeatable",
        )

    def handle(self, *args: Any, export: str | None = None, anchor: list | None = None, **options: Any) -> None:
        if export:
            try:
                result = integrity.verify_export(Path(export), anchor or [])
            except (OSError, integrity.ExportError) as error:
                raise CommandError(str(error)) from error
        else:
            result = integrity.verify_database(anchor or [])
        if not result.ok:
            raise CommandError(f"BROKEN: {result.finding.message()}", returncode=1)
        self.stdout.write(
            f"OK: {result.length} events, head {result.head_hash}, {result.anchors} daily anchors checked"
        )
