"""Computing and storing scores: explicit, audited, history kept (a recompute is a new run)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.assessment import engine, ranking, sources, tallies
from chuangwen.assessment.models import AssessmentSettings, ListMode, ScoreRun, StandardScore, UnitScore
from chuangwen.audit import services as audit
from chuangwen.inspections.models import Round
from chuangwen.lib import bulk
from chuangwen.lib.errors import Conflict, DomainError, PermissionDenied
from chuangwen.lib.gc import gc_paused
from chuangwen.units.models import OFFICE_ROLES

SCORABLE = tallies.SCORABLE
year_rounds = tallies.year_rounds


@dataclass
class Computed:
    standard_scores: list[engine.StandardScore]
    totals: dict[int, engine.UnitTotal]
    results: int


def compute(round_ids: list[int]) -> Computed:
    """Score the rows of these rounds together, in memory."""
    with gc_paused():
        found: list[engine.Tally] = []
        for source in sources.SOURCES:
            found.extend(source.tallies(round_ids))
        return _score(found)


def compute_year(year: int) -> tuple[list[int], Computed]:
    """Score a year's scorable rounds pooled, from the tallies kept per year; with the rounds' ids."""
    round_ids = tallies.ensure_year(year)
    with gc_paused():
        found: list[engine.Tally] = []
        for source in sources.SOURCES:
            found.extend(source.year_tallies(year, round_ids))
        return round_ids, _score(found)


def _score(found: list[engine.Tally]) -> Computed:
    units = sources.ranked_units()
    rules = sources.rules_for({t.standard_id for t in found})
    site_units, territory = sources.site_attribution({t.site_id for t in found}, units)
    standard_units = sources.standard_units(rules, units)
    standard_scores, totals = engine.score(found, rules, site_units, standard_units, territory)
    return Computed(standard_scores, totals, sum(t.passes + t.fails for t in found))


def _require_office(actor) -> None:
    if actor is not None and not (actor.is_authenticated and actor.is_active and actor.role in OFFICE_ROLES):
        raise PermissionDenied(_("只有文明办可以计算得分"))


def previous_run(round_: Round) -> ScoreRun | None:
    """The current run of the latest earlier round of the same kind."""
    return (
        ScoreRun.objects.filter(is_current=True, round__kind=round_.kind, round__period_start__lt=round_.period_start)
        .exclude(round=round_)
        .order_by("-round__period_start", "-round__created_at")
        .first()
    )


PLACES = Decimal("0.0001")
STANDARD_FIELDS = (
    "run",
    "unit",
    "standard",
    "method",
    "earned",
    "possible",
    "applicable",
    "failures",
    "sites",
    "vetoed",
)
UNIT_FIELDS = (
    "run", "unit", "peer_group", "earned", "possible", "score", "vetoed", "rank", "of", "board", "previous_rank",
    "previous_score",
)  # fmt: skip


def _store(run: ScoreRun, computed: Computed, previous: ScoreRun | None) -> None:
    """Write the run's scores (tens of thousands of rows for a large city: straight to the table)."""
    units = sources.ranked_units()
    bulk.insert_rows(
        StandardScore,
        STANDARD_FIELDS,
        (
            (run.pk, s.unit_id, s.standard_id, "field", s.earned.quantize(PLACES), s.possible.quantize(PLACES),
             s.applicable, s.failures, s.sites, s.vetoed)
            for s in computed.standard_scores
        ),
    )  # fmt: skip
    config = AssessmentSettings.current()
    entries = [
        ranking.Entry(t.unit_id, sources.PEER_KINDS[units[t.unit_id].kind], t.score, t.vetoed)
        for t in computed.totals.values()
        if t.unit_id in units
    ]
    placed = ranking.place(
        entries, mode=config.list_mode, size=config.list_size, red_threshold=config.red_threshold,
        black_threshold=config.black_threshold,
    )  # fmt: skip
    before = {}
    if previous is not None:
        before = {u.unit_id: (u.rank, u.score) for u in UnitScore.objects.filter(run=previous)}
    bulk.insert_rows(
        UnitScore,
        UNIT_FIELDS,
        (
            (run.pk, e.unit_id, e.group, computed.totals[e.unit_id].earned.quantize(PLACES),
             computed.totals[e.unit_id].possible.quantize(PLACES), e.score, e.vetoed, placed[e.unit_id].rank,
             placed[e.unit_id].of, placed[e.unit_id].board, *before.get(e.unit_id, (None, None)))
            for e in entries
        ),
    )  # fmt: skip


@transaction.atomic
def score_round(actor, round_: Round, *, reason: str = "") -> ScoreRun:
    """Compute and store the scores of a closed or published round. The first computation needs no
    reason; a recompute (rules or results changed) does, and keeps the earlier run as history."""
    _require_office(actor)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.status not in SCORABLE:
        raise Conflict(_("轮次结束后才能计算得分"))
    earlier = ScoreRun.objects.filter(round=round_, is_current=True).first()
    reason = (reason or "").strip()
    if earlier is not None and not reason:
        raise DomainError(_("重新计算请说明理由"), field="reason")
    computed = compute([round_.pk])
    if earlier is not None:
        ScoreRun.objects.filter(pk=earlier.pk).update(is_current=False)
    run = ScoreRun.objects.create(
        round=round_, computed_at=timezone.now(), computed_by=actor, results=computed.results, reason=reason[:200]
    )
    _store(run, computed, previous_run(round_))
    audit.record(
        actor, "score.computed" if earlier is None else "score.recomputed", run,
        before={"run": earlier.pk} if earlier else None,
        after={"round": round_.pk, "results": computed.results, "units": len(computed.totals)}, reason=reason,
    )  # fmt: skip
    return run


@transaction.atomic
def score_year(actor, year: int, *, reason: str = "") -> ScoreRun:
    """Pool every scorable round of the year into the year's scores (the cycle and the annual
    assessment read these)."""
    _require_office(actor)
    if not year_rounds(year).exists():
        raise DomainError(_("%(year)s 年还没有可计分的轮次") % {"year": year}, field="year")
    earlier = ScoreRun.objects.select_for_update().filter(year=year, is_current=True).first()
    round_ids, computed = compute_year(year)
    if earlier is not None:
        ScoreRun.objects.filter(pk=earlier.pk).update(is_current=False)
    run = ScoreRun.objects.create(
        year=year, rounds=len(round_ids), computed_at=timezone.now(), computed_by=actor, results=computed.results,
        reason=(reason or "").strip()[:200],
    )  # fmt: skip
    previous = ScoreRun.objects.filter(year=year - 1, is_current=True).first()
    _store(run, computed, previous)
    audit.record(
        actor, "score.year_computed", run, before={"run": earlier.pk} if earlier else None,
        after={"year": year, "rounds": len(round_ids), "results": computed.results}, reason=run.reason,
    )  # fmt: skip
    return run


SETTINGS_FIELDS = [
    "list_mode", "list_size", "red_threshold", "black_threshold", "cycle_weights", "target_weights",
    "overdue_penalty", "grades", "summons_black_count",
]  # fmt: skip
TARGET_KEYS = ("score", "on_time", "overdue", "rework")


def _check_settings(config: AssessmentSettings) -> None:
    if config.list_mode not in ListMode.values:
        raise DomainError(_("红黑榜方式无效"), field="list_mode")
    if config.red_threshold < config.black_threshold:
        raise DomainError(_("红榜分数线不能低于黑榜分数线"), field="red_threshold")
    cycle = [Decimal(str(w)) for w in config.cycle_weights]
    if len(cycle) != 3 or any(w < 0 for w in cycle) or sum(cycle) != 100:
        raise DomainError(_("三年周期权重须为三个非负数，合计 100"), field="cycle_weights")
    target = config.target_weights
    if set(target) != set(TARGET_KEYS) or any(Decimal(str(w)) < 0 for w in target.values()):
        raise DomainError(_("年度考核权重须包含四项非负数"), field="target_weights")
    if sum(Decimal(str(w)) for w in target.values()) != 100:
        raise DomainError(_("年度考核四项权重合计须为 100"), field="target_weights")
    lines = [Decimal(str(g["min"])) for g in config.grades]
    if not lines or any(not str(g.get("grade", "")).strip() for g in config.grades):
        raise DomainError(_("请填写考核等次"), field="grades")
    if lines != sorted(set(lines), reverse=True) or lines[-1] < 0 or lines[0] > 100:
        raise DomainError(_("等次分数线须在 0 到 100 之间，且从高到低递减"), field="grades")


@transaction.atomic
def update_settings(actor, **fields) -> AssessmentSettings:
    """Change the office's list and annual-assessment rules. Stored scores keep the lists they
    were computed with; the new rules apply from the next computation."""
    if not (actor is not None and actor.is_authenticated and actor.is_active and actor.role in OFFICE_ROLES):
        raise PermissionDenied(_("只有文明办可以修改考核设置"))
    AssessmentSettings.current()
    config = AssessmentSettings.objects.select_for_update().order_by("pk").first()
    before = audit.snapshot(config, SETTINGS_FIELDS)
    for name, value in fields.items():
        if name not in SETTINGS_FIELDS:
            raise DomainError(_("未知的设置项"))
        if name in ("red_threshold", "black_threshold", "overdue_penalty"):
            value = Decimal(str(value)).quantize(Decimal("0.01"))
        setattr(config, name, value)
    _check_settings(config)
    config.save()
    audit.record_changes(actor, "assessment_settings.updated", config, before, audit.snapshot(config, SETTINGS_FIELDS))
    return config
