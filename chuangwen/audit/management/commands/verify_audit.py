"""`manage.py verify_audit [--export FILE]`: check the audit trail's hash chain, in this database
(with the published daily anchors and the append-only triggers) or in an exported JSON Lines file.
Prints the first broken link and exits with status 1; prints the chain's length and head when
it holds. Reads only: anyone may run it (the algorithm is in chuangwen/audit/chain.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from chuangwen.audit import integrity


class Command(BaseCommand):
    help = "Verifies the audit chain (database or --export FILE); names the first broken link."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--export", metavar="FILE", help="verify an exported chain (JSON Lines) instead")

    def handle(self, *args: Any, export: str | None = None, **options: Any) -> None:
        if export:
            try:
                with Path(export).open(encoding="utf-8") as stream:
                    result = integrity.verify_export(stream)
            except (OSError, integrity.ExportError) as error:
                raise CommandError(str(error)) from error
        else:
            result = integrity.verify_database()
        if not result.ok:
            raise CommandError(f"BROKEN: {result.finding.message()}", returncode=1)
        self.stdout.write(
            f"OK: {result.length} events, head {result.head_hash}, {result.anchors} daily anchors checked"
        )
