"""The map of the city (一张图): sites coloured by their latest inspection result and open problems,
as compact JSON (rows of arrays, short keys) for several thousand points.

- A site's result is that of its latest submitted visit in a round the person may see
  (`Visit.objects.visible_to`): failed if any item of that visit failed, passed otherwise; no such
  visit: not inspected. A secret covert round colours nothing for the inspected.
- Open problems are placed at their own position, or their site's when they have none.
- Each site and problem names its group: the district it lies in (city), or the street (district),
  so the map can box the groups and drill down.

Four queries whatever the number of sites.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from chuangwen.dashboard.overview_access import Scope
from chuangwen.inspections.models import CheckResult, Verdict
from chuangwen.problems.models import OPEN, WITH_UNIT, Severity

NOT_INSPECTED, PASSED, FAILED = 0, 1, 2
SEVERITIES = [value for value, _label in Severity.choices]


def _group_index(units):
    by_path = {u.path: u.pk for u in units}

    def group(path: str | None) -> int | None:
        if not path:
            return None
        parts = [p for p in path.strip("/").split("/") if p]
        for length in range(len(parts), 0, -1):
            found = by_path.get("/" + "/".join(parts[:length]) + "/")
            if found is not None:
                return found
        return None

    return group


def latest_results(scope: Scope) -> dict[int, tuple[str, int]]:
    """site id → (date of the latest submitted visit, PASSED or FAILED), in one query."""
    failed = CheckResult.objects.filter(visit_id=OuterRef("pk"), verdict=Verdict.FAIL)
    rows = (
        scope.visits()
        .annotate(failed=Exists(failed))
        .values_list("site_id", "submitted_at", "failed")
        .order_by("site_id", "submitted_at", "pk")
    )
    latest: dict[int, tuple] = {}
    for site_id, submitted_at, has_failed in rows:
        latest[site_id] = (submitted_at, FAILED if has_failed else PASSED)
    return {
        site_id: (timezone.localtime(at).strftime("%Y-%m-%d") if at else "", state)
        for site_id, (at, state) in latest.items()
    }


def _coordinate(value) -> float:
    return round(float(value), 5)


def map_data(scope: Scope) -> dict:
    units = scope.children()
    group = _group_index(units)
    results = latest_results(scope)
    sites = []
    for pk, name, lat, lng, path in scope.sites().values_list("pk", "name", "lat", "lng", "territorial_unit__path"):
        date, state = results.get(pk, ("", NOT_INSPECTED))
        sites.append([pk, _coordinate(lat), _coordinate(lng), state, name, group(path), date])
    now = timezone.now()
    problems = []
    rows = (
        scope.problems()
        .filter(status__in=OPEN)
        .annotate(plat=Coalesce("lat", "site__lat"), plng=Coalesce("lng", "site__lng"))
        .filter(plat__isnull=False, plng__isnull=False)
        .values_list(
            "pk", "code", "plat", "plng", "severity", "status", "deadline", "description", "territorial_unit__path"
        )
        .order_by("pk")
    )
    for pk, code, lat, lng, severity, status, deadline, description, path in rows:
        overdue = 1 if status in WITH_UNIT and deadline is not None and deadline < now else 0
        level = SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES) - 1
        text = description if len(description) <= 40 else description[:39] + "…"
        problems.append([pk, _coordinate(lat), _coordinate(lng), level, overdue, code, text, group(path)])
    return {
        "groups": [
            {"id": u.pk, "name": u.name, "url": reverse("overview_district", args=[u.pk]) if scope.is_city else ""}
            for u in units
        ],
        "sites": sites,
        "problems": problems,
        "site_url": reverse("sites:detail", args=[0]),
        "problem_url": reverse("problems:detail", args=[0]),
    }
