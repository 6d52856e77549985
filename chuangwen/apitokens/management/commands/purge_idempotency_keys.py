"""Delete remembered Idempotency-Key answers older than 24 hours. Safe to run at any time, twice."""

from django.core.management.base import BaseCommand

from chuangwen.lib import idempotency


class Command(BaseCommand):
    help = "Delete Idempotency-Key records older than 24 hours."

    def handle(self, *args, **options):
        deleted = idempotency.purge()
        self.stdout.write(f"deleted {deleted} idempotency record(s)")
