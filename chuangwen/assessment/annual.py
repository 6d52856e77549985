"""The three-year cycle and the annual target assessment (年度目标考核), from stored scores and problems.

Cycle: the projected cycle score weights the years' pooled scores (default 15 % / 25 % / 60 % for
the first, second and third year); a year without a score leaves its weight out.

Annual assessment, per ranked unit, four components on a 0-100 scale:
- score: the unit's pooled score of the year;
- on-time rate (按期整改率): of its problems closed in the year or overdue now, the share closed on time;
- overdue (超期件数): 100 − penalty × the problems it let go overdue (closed late, or overdue now);
- rework and rebound (返工反弹率): 100 × (1 − the share of its problems rejected or reopened).
A component without data is left out and the weights of the others carry the composite. The
composite picks the grade (优秀 / 良好 / 合格 at their lines, else 不合格). The commendation list is
the top grade; the accountability list holds 不合格 units (问责 candidates) and units on the black
list at least N times in the year or with overdue problems still open (约谈 candidates). Each line
keeps its evidence.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.utils import timezone

from chuangwen.assessment import sources
from chuangwen.assessment.models import AssessmentSettings, Board, ScoreRun, UnitScore
from chuangwen.inspections.models import Round
from chuangwen.problems.models import WITH_UNIT, Problem, Status
from chuangwen.units.models import Unit

CENT = Decimal("0.01")
FAILING = "不合格"


def _q(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def year_scores(year: int) -> dict[int, Decimal | None]:
    run = ScoreRun.objects.filter(year=year, is_current=True).first()
    if run is None:
        return {}
    return dict(UnitScore.objects.filter(run=run).values_list("unit_id", "score"))


def cycle(last_year: int, weights: list | None = None) -> dict[int, dict]:
    """{unit: {"years": {year: score}, "projected": score}} for the cycle ending with last_year."""
    weights = weights or AssessmentSettings.current().cycle_weights
    years = [last_year - len(weights) + 1 + i for i in range(len(weights))]
    per_year = {y: year_scores(y) for y in years}
    units = set().union(*(s.keys() for s in per_year.values()))
    out = {}
    for unit_id in units:
        got = {y: per_year[y].get(unit_id) for y in years}
        present = [(Decimal(str(w)), got[y]) for w, y in zip(weights, years, strict=True) if got[y] is not None]
        total_weight = sum(w for w, _ in present)
        projected = _q(sum(w * s for w, s in present) / total_weight) if total_weight else None
        out[unit_id] = {"years": got, "projected": projected}
    return out


@dataclass
class Line:
    unit: Unit
    group: str
    score: Decimal | None
    on_time_rate: Decimal | None
    overdue: int
    rework_rate: Decimal | None
    problems: int
    black_count: int
    composite: Decimal | None = None
    grade: str = ""
    lists: list[str] = field(default_factory=list)  # "commend", "summons", "accountability"
    evidence: dict = field(default_factory=dict)


def _problem_stats(year: int, units: dict[int, Unit], now: datetime.datetime) -> dict[int, dict]:
    """Per unit: problems assigned in the year, closed on time, overdue, rework or rebound."""
    start = timezone.make_aware(datetime.datetime(year, 1, 1))
    end = timezone.make_aware(datetime.datetime(year + 1, 1, 1))
    rows = (
        Problem.objects.filter(assigned_at__gte=start, assigned_at__lt=end, responsible_unit__isnull=False)
        .exclude(status__in=(Status.INVALID, Status.DUPLICATE))
        .values("responsible_unit_id", "responsible_unit__path")
        .annotate(
            total=Count("id"),
            on_time=Count("id", filter=Q(status=Status.CLOSED, closed_on_time=True)),
            late=Count("id", filter=Q(status=Status.CLOSED, closed_on_time=False)),
            overdue_open=Count("id", filter=Q(status__in=WITH_UNIT, deadline__lt=now)),
            reworked=Count("id", filter=Q(rework_count__gt=0) | Q(rebound_count__gt=0)),
        )
        .order_by()
    )
    stats: dict[int, dict] = {}
    for row in rows:
        owners = {row["responsible_unit_id"]}
        owners |= {int(p) for p in (row["responsible_unit__path"] or "").strip("/").split("/") if p}
        for unit_id in owners & set(units):
            s = stats.setdefault(unit_id, {"total": 0, "on_time": 0, "late": 0, "overdue_open": 0, "reworked": 0})
            for key in s:
                s[key] += row[key]
    return stats


def _black_counts(year: int) -> dict[int, list[str]]:
    rows = (
        UnitScore.objects.filter(run__is_current=True, run__round__period_start__year=year, board=Board.BLACK)
        .exclude(run__round__in=Round.objects.secret())  # a covert round counts once published
        .values_list("unit_id", "run__round__code")
    )
    out: dict[int, list[str]] = {}
    for unit_id, code in rows:
        out.setdefault(unit_id, []).append(code)
    return out


def _components(line: Line, config: AssessmentSettings) -> dict[str, Decimal]:
    parts = {}
    if line.score is not None:
        parts["score"] = Decimal(line.score)
    if line.on_time_rate is not None:
        parts["on_time"] = 100 * line.on_time_rate
    if line.problems:
        parts["overdue"] = max(Decimal(0), 100 - config.overdue_penalty * line.overdue)
        parts["rework"] = 100 * (1 - line.rework_rate)
    return parts


def grade_for(composite: Decimal, grades: list[dict]) -> str:
    for grade in sorted(grades, key=lambda g: Decimal(str(g["min"])), reverse=True):
        if composite >= Decimal(str(grade["min"])):
            return grade["grade"]
    return FAILING


def assess(year: int, now: datetime.datetime | None = None) -> list[Line]:
    """The annual assessment of every ranked unit with a score or problems in the year."""
    now = now or timezone.now()
    config = AssessmentSettings.current()
    units = sources.ranked_units()
    scores = year_scores(year)
    stats = _problem_stats(year, units, now)
    blacks = _black_counts(year)
    weights = {k: Decimal(str(v)) for k, v in config.target_weights.items()}
    top_grade = max(config.grades, key=lambda g: Decimal(str(g["min"])))["grade"] if config.grades else ""
    lines = []
    for unit_id in sorted(set(scores) | set(stats), key=lambda u: units[u].path if u in units else ""):
        if unit_id not in units:
            continue
        s = stats.get(unit_id, {"total": 0, "on_time": 0, "late": 0, "overdue_open": 0, "reworked": 0})
        due = s["on_time"] + s["late"] + s["overdue_open"]
        line = Line(
            unit=units[unit_id],
            group=sources.PEER_KINDS[units[unit_id].kind],
            score=scores.get(unit_id),
            on_time_rate=_q(Decimal(s["on_time"]) / due) if due else None,
            overdue=s["late"] + s["overdue_open"],
            rework_rate=_q(Decimal(s["reworked"]) / s["total"]) if s["total"] else None,
            problems=s["total"],
            black_count=len(blacks.get(unit_id, [])),
        )
        parts = _components(line, config)
        weight = sum(weights.get(k, Decimal(0)) for k in parts)
        if weight:
            line.composite = _q(sum(weights.get(k, Decimal(0)) * v for k, v in parts.items()) / weight)
            line.grade = grade_for(line.composite, config.grades)
        line.evidence = {
            "components": {k: str(_q(v)) for k, v in parts.items()},
            "black_rounds": blacks.get(unit_id, []),
            "overdue_open": s["overdue_open"],
            "closed_late": s["late"],
        }
        if line.grade and line.grade == top_grade:
            line.lists.append("commend")
        if line.black_count >= config.summons_black_count or s["overdue_open"]:
            line.lists.append("summons")
        if line.grade == FAILING:
            line.lists.append("accountability")
        lines.append(line)
    return lines
