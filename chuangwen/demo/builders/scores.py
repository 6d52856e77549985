"""The demo's scores: every scorable round scored by the office soon after it ended, then the year.

Through the assessment services, at simulated times, so the rankings, red and black lists, the
circular and the dashboards have their numbers and the audit log shows who computed them."""

from __future__ import annotations

import datetime

import time_machine
from django.utils import timezone

from chuangwen.assessment import services
from chuangwen.assessment.models import ScoreRun
from chuangwen.inspections.models import Round
from chuangwen.units.models import User


def _moment(round_: Round, now: datetime.datetime) -> datetime.datetime:
    """When the office scored the round: two hours after publication, or the morning after its period."""
    if round_.published_at:
        moment = round_.published_at + datetime.timedelta(hours=2)
    else:
        day = round_.period_end + datetime.timedelta(days=1)
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30)))
    return min(moment, now - datetime.timedelta(minutes=5))


def build_scores(now: datetime.datetime) -> dict[str, int]:
    office = User.objects.get(username="office")
    rounds = list(Round.objects.filter(status__in=services.SCORABLE).order_by("period_start", "created_at"))
    for round_ in rounds:
        with time_machine.travel(_moment(round_, now), tick=False):
            services.score_round(office, round_)
    for year in sorted({r.period_start.year for r in rounds}):
        if not services.year_rounds(year).exists():
            continue
        with time_machine.travel(now - datetime.timedelta(minutes=2), tick=False):
            services.score_year(office, year)
    return {"score_runs": ScoreRun.objects.count()}
