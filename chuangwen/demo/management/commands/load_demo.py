"""manage.py load_demo [--scale normal|large] [--seed N]: build the demo city 示范市 once."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from chuangwen.demo.loader import DEFAULT_SEED, load_demo
from chuangwen.demo.scale import SCALES


class Command(BaseCommand):
    help = "Load the demo city 示范市 (units, people, the index, site types and sites). Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="normal", help="normal (default) or large")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")

    def handle(self, *args, scale: str, seed: int, **options):
        result = load_demo(scale, seed)
        if not result.loaded:
            self.stdout.write(self.style.WARNING(result.message))
            return
        summary = ", ".join(f"{name} {count}" for name, count in result.counts.items())
        self.stdout.write(self.style.SUCCESS(f"{result.message} ({scale}, seed {seed}, {result.seconds:.1f}s)"))
        self.stdout.write(summary)
