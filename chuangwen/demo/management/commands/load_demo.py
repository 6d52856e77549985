"""manage.py load_demo [--scale normal|large] [--seed N] [--problems N]: build the demo city 示范市 once."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from chuangwen.demo.loader import DEFAULT_SEED, load_demo
from chuangwen.demo.scale import SCALES


class Command(BaseCommand):
    help = (
        "Load the demo city 示范市 (units, people, the index, site types and sites, problem categories, "
        "deadline policies and holidays, and three months of problem history). Safe to run twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="normal", help="normal (default) or large")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
        parser.add_argument(
            "--problems",
            type=int,
            default=None,
            help="problems in the three months of history (default: the scale's, "
            + ", ".join(f"{s.name} {s.problems}" for s in SCALES.values())
            + "; 0 for none)",
        )

    def handle(self, *args, scale: str, seed: int, problems: int | None, **options):
        if problems is not None and problems < 0:
            raise CommandError("--problems must be 0 or more")
        result = load_demo(scale, seed, problems)
        if not result.loaded:
            self.stdout.write(self.style.WARNING(result.message))
            return
        summary = ", ".join(f"{name} {count}" for name, count in result.counts.items())
        self.stdout.write(self.style.SUCCESS(f"{result.message} ({scale}, seed {seed}, {result.seconds:.1f}s)"))
        self.stdout.write(summary)
