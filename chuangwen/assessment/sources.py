"""Where scores come from: one source per assessment method, all giving tallies to the engine.

Field inspection (实地考察) is the source today. Material review (材料审核) and questionnaires
(问卷调查) will be sources of the same shape when those modules exist: a source answers, for a
set of rounds or a year, the tallies it has, the standards they belong to, and which units each
site counts for. A method with no data contributes nothing, so its standards show no number
(neither 0 nor full marks).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Protocol

from django.db import connection
from django.db.models import Count, Q, Sum

from chuangwen.assessment import engine, tallies
from chuangwen.indicators.models import ChecklistItem, Method, RuleKind, Standard
from chuangwen.inspections.models import CheckResult, Verdict
from chuangwen.sites.models import Site, SiteResponsibility
from chuangwen.units.models import DISTRICT_KINDS, Unit, UnitKind

# Units that are ranked, and so scored: districts, streets and towns, departments and windows.
PEER_KINDS = {
    **dict.fromkeys(DISTRICT_KINDS, "districts"),
    UnitKind.STREET: "streets",
    UnitKind.TOWN: "streets",
    UnitKind.DEPARTMENT: "departments",
    UnitKind.WINDOW: "departments",
}


class Source(Protocol):
    method: str

    def tallies(self, rounds: Iterable[int]) -> list[engine.Tally]: ...

    def year_tallies(self, year: int, rounds: Iterable[int]) -> list[engine.Tally]:
        """The same for a year's scorable rounds pooled (a source may keep them counted)."""
        ...


class FieldSource:
    """Check results of inspection rounds, counted in the database per (site, standard, rule)."""

    method = Method.FIELD

    def tallies(self, rounds: Iterable[int]) -> list[engine.Tally]:
        rows = (
            CheckResult.objects.filter(round_id__in=list(rounds))
            .values_list("site_id", "standard_id", "rule_kind", "deduction_per", "item__veto_scope")
            .annotate(
                passes=Count("id", filter=Q(verdict=Verdict.PASS)),
                fails=Count("id", filter=Q(verdict=Verdict.FAIL)),
                occurrences=Sum("count", filter=Q(verdict=Verdict.FAIL), default=0),
            )
            .order_by()
        )
        # Straight from the cursor: the ORM's per-value converters cost more than the query here.
        sql, params = rows.query.sql_with_params()
        tallies = []
        decimals: dict[object, Decimal | None] = {None: None}
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            while chunk := cursor.fetchmany(10000):
                for site, standard, kind, per, veto, passes, fails, occurrences in chunk:
                    if per not in decimals:
                        decimals[per] = Decimal(str(per))
                    tallies.append(
                        engine.Tally(site, standard, kind, passes, fails, occurrences or 0, decimals[per], veto or "")
                    )
        return tallies

    def year_tallies(self, year: int, rounds: Iterable[int]) -> list[engine.Tally]:
        return tallies.read_year(year)  # kept up to date as rounds become scorable


SOURCES: list[Source] = [FieldSource()]


def rules_for(standard_ids: Iterable[int]) -> dict[int, engine.StandardRule]:
    ids = set(standard_ids)
    thresholds: dict[int, tuple] = {}
    grade_items = ChecklistItem.objects.filter(standard_id__in=ids, rule_kind=RuleKind.GRADE).order_by(
        "sort_order", "pk"
    )
    for standard_id, value in grade_items.values_list("standard_id", "grade_thresholds"):
        thresholds.setdefault(standard_id, tuple(value or ()))
    return {
        pk: engine.StandardRule(Decimal(points), negative, thresholds.get(pk, ()))
        for pk, points, negative in Standard.objects.filter(pk__in=ids).values_list("pk", "points", "negative_list")
    }


def ranked_units() -> dict[int, Unit]:
    return {u.pk: u for u in Unit.objects.filter(kind__in=list(PEER_KINDS), is_active=True, is_ranked=True)}


def site_units(site_ids: Iterable[int], units: dict[int, Unit]) -> dict[int, tuple[int, ...]]:
    """The ranked units each site counts for: its district and street (属地) and the departments
    that answer for it (包保)."""
    return site_attribution(site_ids, units)[0]


def site_attribution(
    site_ids: Iterable[int], units: dict[int, Unit]
) -> tuple[dict[int, tuple[int, ...]], dict[int, tuple[int, ...]]]:
    """The ranked units of each site, and the part of them given by its territory (the district
    and street many sites share: the engine pools their tallies)."""
    ids = set(site_ids)
    result: dict[int, list[int]] = defaultdict(list)
    territory: dict[int, tuple[int, ...]] = {}
    for site_id, path in Site.objects.filter(pk__in=ids).values_list("pk", "territorial_unit__path"):
        result[site_id] = [int(p) for p in path.strip("/").split("/") if p and int(p) in units]
        territory[site_id] = tuple(result[site_id])
    answered = SiteResponsibility.objects.filter(site_id__in=ids, unit_id__in=list(units))
    for site_id, unit_id in answered.values_list("site_id", "unit_id"):
        if unit_id not in result[site_id]:
            result[site_id].append(unit_id)
    return {k: tuple(v) for k, v in result.items()}, territory


def standard_units(standard_ids: Iterable[int], units: dict[int, Unit]) -> dict[int, tuple[int, ...]]:
    """The departments that lead or are responsible for each standard (谁主管谁负责)."""
    ids = set(standard_ids)
    functional = {pk for pk, u in units.items() if PEER_KINDS[u.kind] == "departments"}
    result: dict[int, set[int]] = defaultdict(set)
    for pk, lead in Standard.objects.filter(pk__in=ids, lead_unit__isnull=False).values_list("pk", "lead_unit_id"):
        if lead in functional:
            result[pk].add(lead)
    through = Standard.responsible_units.through.objects.filter(standard_id__in=ids, unit_id__in=functional)
    for standard_id, unit_id in through.values_list("standard_id", "unit_id"):
        result[standard_id].add(unit_id)
    return {k: tuple(sorted(v)) for k, v in result.items()}
