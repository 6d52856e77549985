"""Problems in the demo city: the office's settings (configured a week before the history starts),
the demo photos, and three months of problem history ending now."""

from __future__ import annotations

import datetime
import random

import time_machine
from django.utils import timezone

from chuangwen.demo.builders.history import HISTORY_DAYS, build_history
from chuangwen.demo.builders.inspections import RoundSetup, build_current_round
from chuangwen.demo.builders.photos import phone_shots, store_photos
from chuangwen.demo.builders.problem_config import build_categories, build_holidays, build_policies
from chuangwen.demo.builders.units import CityUnits
from chuangwen.indicators.models import Edition, Standard
from chuangwen.inspections.models import CheckPhoto, CheckResult, Round, Visit
from chuangwen.problems.models import WITH_UNIT, Escalation, Problem, Status
from chuangwen.sites.models import Site
from chuangwen.units.models import User


def field_standards(edition: Edition) -> dict[str, list[Standard]]:
    """The edition's standards by the code of each site type they apply to."""
    by_type: dict[str, list[Standard]] = {}
    for standard in Standard.objects.filter(edition=edition).prefetch_related("site_types").order_by("sort_order"):
        for site_type in standard.site_types.all():
            by_type.setdefault(site_type.code, []).append(standard)
    return by_type


def build_problems(
    seed: int, city: CityUnits, sites: list[Site], edition: Edition, total: int, stored: list[str]
) -> dict[str, int]:
    """Settings, photos and `total` problems of history; the names of stored files go into `stored`."""
    now = timezone.now().replace(microsecond=0)
    admin = User.objects.get(username="admin")
    configured = timezone.localtime(now - datetime.timedelta(days=HISTORY_DAYS + 7)).replace(hour=10, minute=0)
    with time_machine.travel(configured, tick=False):
        categories = build_categories(admin, city)
        counts = {"problem_categories": len(categories), "deadline_policies": build_policies(admin, categories)}
        counts["holidays"] = build_holidays(admin)
    if total <= 0:
        build_current_round(edition, now, len(city.districts))
        return counts | round_counts()
    photos = store_photos(seed)
    stored += photos.names
    rng = random.Random(f"history-{seed}")
    rounds = RoundSetup(seed, edition, phone_shots(seed), stored)
    history = build_history(rng, city, sites, field_standards(edition), categories, photos, total, now, rounds=rounds)
    build_current_round(edition, now, len(city.districts))
    problems = Problem.objects.all()
    counts.update(
        problems=problems.count(),
        problems_open=problems.open().count(),
        problems_with_units=problems.filter(status__in=WITH_UNIT).count(),
        problems_overdue=problems.overdue(now).count(),
        problems_on_summons_list=problems.open().filter(escalation_level=Escalation.SUMMONS).count(),
        problems_closed=problems.filter(status=Status.CLOSED).count(),
        history_steps=history.steps,
        history_steps_refused=len(history.failed),
    )
    return counts | round_counts()


def round_counts() -> dict[str, int]:
    return {
        "rounds": Round.objects.count(),
        "visits": Visit.objects.count(),
        "check_results": CheckResult.objects.count(),
        "check_photos": CheckPhoto.objects.count(),
        "problems_from_rounds": CheckResult.objects.filter(problem__isnull=False).count(),
    }
