"""The overview's figures (态势): problems now and over the last weeks, scores across rounds,
rankings, the units most overdue and the districts (or streets) one level down.

Everything is aggregated in the database: a handful of queries whatever the number of problems
or sites. `build(scope, now)` returns plain JSON-ready data; the page renders it and the big
screen fetches it again every few seconds.

Definitions (docs/decisions.md, "Dashboard"):
- open: new, assigned, in progress, submitted or sent back (not closed, invalid or duplicate);
- overdue: with the unit (assigned, in progress, sent back) past its deadline;
- this week: since Monday 00:00, local time;
- on-time rate: of the problems closed (销号) in the last 30 days, the share whose fix was
  submitted within the deadline;
- the trend: the last 12 weeks including this one, problems registered and closed per week;
- by source: problems registered in those 12 weeks.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Min, Q
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.dashboard import overview_scores
from chuangwen.dashboard.overview_access import Scope
from chuangwen.problems.models import OPEN, WITH_UNIT, Source, Status

WEEKS = 12
ON_TIME_DAYS = 30
TOP_OVERDUE = 8


def week_start(now: datetime.datetime) -> datetime.datetime:
    """Monday 00:00 of the current week, in the local time zone."""
    local = timezone.localtime(now)
    monday = local.date() - datetime.timedelta(days=local.weekday())
    return timezone.make_aware(datetime.datetime.combine(monday, datetime.time.min))


def figures(scope: Scope, now: datetime.datetime) -> dict:
    """The key figures in one query."""
    since_week = week_start(now)
    since_period = now - datetime.timedelta(days=ON_TIME_DAYS)
    closed_in_period = Q(status=Status.CLOSED, closed_at__gte=since_period)
    counts = scope.problems().aggregate(
        open=Count("id", filter=Q(status__in=OPEN)),
        overdue=Count("id", filter=Q(status__in=WITH_UNIT, deadline__lt=now)),
        new_week=Count("id", filter=Q(created_at__gte=since_week)),
        closed_week=Count("id", filter=Q(status=Status.CLOSED, closed_at__gte=since_week)),
        closed_period=Count("id", filter=closed_in_period & Q(closed_on_time__isnull=False)),
        on_time=Count("id", filter=closed_in_period & Q(closed_on_time=True)),
    )
    closed = counts.pop("closed_period")
    on_time = counts.pop("on_time")
    counts["on_time_rate"] = round(100 * on_time / closed, 1) if closed else None
    counts["on_time_closed"] = closed
    return counts


def _per_week(rows, first: datetime.date) -> list[int]:
    weeks = [0] * WEEKS
    for day, n in rows:
        index = (day - first).days // 7
        if 0 <= index < WEEKS:
            weeks[index] += n
    return weeks


def trend(scope: Scope, now: datetime.datetime) -> dict:
    """Problems registered and closed per week over the last 12 weeks (two grouped queries)."""
    start = week_start(now) - datetime.timedelta(weeks=WEEKS - 1)
    first = timezone.localtime(start).date()
    problems = scope.problems()
    opened = (
        problems.filter(created_at__gte=start)
        .annotate(day=TruncDate("created_at"))
        .values_list("day")
        .annotate(n=Count("id"))
        .order_by()
    )
    closed = (
        problems.filter(status=Status.CLOSED, closed_at__gte=start)
        .annotate(day=TruncDate("closed_at"))
        .values_list("day")
        .annotate(n=Count("id"))
        .order_by()
    )
    labels = [(first + datetime.timedelta(weeks=i)).strftime("%m-%d") for i in range(WEEKS)]
    return {"labels": labels, "opened": _per_week(opened, first), "closed": _per_week(closed, first)}


def sources(scope: Scope, now: datetime.datetime) -> list[dict]:
    """Problems registered in the trend's weeks by source, largest first."""
    start = week_start(now) - datetime.timedelta(weeks=WEEKS - 1)
    rows = dict(scope.problems().filter(created_at__gte=start).values_list("source").annotate(n=Count("id")).order_by())
    found = [{"key": key, "name": str(label), "value": rows[key]} for key, label in Source.choices if rows.get(key)]
    return sorted(found, key=lambda row: -row["value"])


def overdue_units(scope: Scope, now: datetime.datetime) -> list[dict]:
    """The units with the most overdue problems, with how long the oldest has been overdue."""
    rows = (
        scope.problems()
        .filter(status__in=WITH_UNIT, deadline__lt=now)
        .values_list("responsible_unit_id", "responsible_unit__name")
        .annotate(n=Count("id"), oldest=Min("deadline"))
        .order_by("-n", "oldest", "responsible_unit__name")[:TOP_OVERDUE]
    )
    return [{"id": pk, "name": name, "count": n, "days": (now - oldest).days + 1} for pk, name, n, oldest in rows]


def children(scope: Scope, now: datetime.datetime, scores: dict[int, dict]) -> list[dict]:
    """The districts of the city (or the streets of a district) with their problem figures and
    latest score: two queries, problems grouped by their territorial unit and mapped by path."""
    units = scope.children()
    by_prefix = {unit.path: unit for unit in units}
    since_week = week_start(now)
    rows = (
        scope.problems()
        .filter(territorial_unit__isnull=False)
        .values_list("territorial_unit__path")
        .annotate(
            open=Count("id", filter=Q(status__in=OPEN)),
            overdue=Count("id", filter=Q(status__in=WITH_UNIT, deadline__lt=now)),
            closed_week=Count("id", filter=Q(status=Status.CLOSED, closed_at__gte=since_week)),
        )
        .order_by()
    )
    depth = (scope.district.depth + 1) if scope.district else None
    totals: dict[int, list[int]] = {unit.pk: [0, 0, 0] for unit in units}
    for path, n_open, n_overdue, n_closed in rows:
        unit = _child_of(path, by_prefix, depth)
        if unit is not None:
            total = totals[unit.pk]
            total[0] += n_open
            total[1] += n_overdue
            total[2] += n_closed
    result = []
    for unit in units:
        n_open, n_overdue, n_closed = totals[unit.pk]
        score = scores.get(unit.pk, {})
        result.append(
            {
                "id": unit.pk,
                "name": unit.name,
                "url": reverse("overview_district", args=[unit.pk]) if scope.is_city else score.get("url", ""),
                "open": n_open,
                "overdue": n_overdue,
                "closed_week": n_closed,
                "score": score.get("score"),
                "rank": score.get("rank"),
                "of": score.get("of"),
            }
        )
    return result


def _child_of(path: str, by_prefix: dict, depth: int | None):
    """The child unit whose path starts the given path ("/1/4/27/" → the unit "/1/4/")."""
    parts = [p for p in path.strip("/").split("/") if p]
    for length in range(len(parts), 0, -1):
        unit = by_prefix.get("/" + "/".join(parts[:length]) + "/")
        if unit is not None and (depth is None or unit.depth == depth):
            return unit
    return None


def build(scope: Scope, now: datetime.datetime | None = None) -> dict:
    """Everything the overview page and the big screen show, JSON-ready."""
    now = now or timezone.now()
    rounds = overview_scores.visible_rounds(scope)
    ranking, unit_scores = overview_scores.latest_ranking(scope, rounds)
    local = timezone.localtime(now)
    return {
        "scope": {
            "name": scope.name,
            "district": scope.district.pk if scope.district else None,
            "is_city": scope.is_city,
        },
        "generated_at": local.isoformat(),
        "generated_label": local.strftime("%Y-%m-%d %H:%M:%S"),
        "figures": figures(scope, now),
        "trend": trend(scope, now),
        "sources": sources(scope, now),
        "scores": overview_scores.score_trend(scope, rounds),
        "ranking": ranking,
        "overdue_units": overdue_units(scope, now),
        "children": children(scope, now, unit_scores),
        "children_label": _("街道乡镇") if scope.district else _("区县"),
    }
