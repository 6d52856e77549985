"""Computing and storing scores: explicit, audited, history kept (a recompute is a new run)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.assessment import engine, ranking, sources
from chuangwen.assessment.models import AssessmentSettings, ScoreRun, StandardScore, UnitScore
from chuangwen.audit import services as audit
from chuangwen.inspections.models import Round, RoundStatus
from chuangwen.lib.errors import Conflict, DomainError, PermissionDenied
from chuangwen.units.models import OFFICE_ROLES

SCORABLE = (RoundStatus.CLOSED, RoundStatus.PUBLISHED)


@dataclass
class Computed:
    standard_scores: list[engine.StandardScore]
    totals: dict[int, engine.UnitTotal]
    results: int


def compute(round_ids: list[int]) -> Computed:
    """Score the rows of these rounds together, in memory."""
    units = sources.ranked_units()
    tallies: list[engine.Tally] = []
    for source in sources.SOURCES:
        tallies.extend(source.tallies(round_ids))
    rules = sources.rules_for({t.standard_id for t in tallies})
    site_units = sources.site_units({t.site_id for t in tallies}, units)
    standard_units = sources.standard_units(rules, units)
    standard_scores, totals = engine.score(tallies, rules, site_units, standard_units)
    return Computed(standard_scores, totals, sum(t.passes + t.fails for t in tallies))


def _require_office(actor) -> None:
    if actor is not None and not (actor.is_authenticated and actor.is_active and actor.role in OFFICE_ROLES):
        raise PermissionDenied(_("只有文明办可以计算得分"))


def previous_run(round_: Round) -> ScoreRun | None:
    """The current run of the latest earlier round of the same kind."""
    return (
        ScoreRun.objects.filter(is_current=True, round__kind=round_.kind, round__period_start__lt=round_.period_start)
        .exclude(round=round_)
        .order_by("-round__period_start", "-round_id")
        .first()
    )


def _store(run: ScoreRun, computed: Computed, previous: ScoreRun | None) -> None:
    units = sources.ranked_units()
    StandardScore.objects.bulk_create(
        [
            StandardScore(
                run=run,
                unit_id=s.unit_id,
                standard_id=s.standard_id,
                earned=s.earned,
                possible=s.possible,
                applicable=s.applicable,
                failures=s.failures,
                sites=s.sites,
                vetoed=s.vetoed,
            )  # fmt: skip
            for s in computed.standard_scores
        ],
        batch_size=2000,
    )
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
    UnitScore.objects.bulk_create(
        [
            UnitScore(
                run=run,
                unit_id=e.unit_id,
                peer_group=e.group,
                earned=computed.totals[e.unit_id].earned,
                possible=computed.totals[e.unit_id].possible,
                score=e.score,
                vetoed=e.vetoed,
                rank=placed[e.unit_id].rank,
                of=placed[e.unit_id].of,
                board=placed[e.unit_id].board,
                previous_rank=before.get(e.unit_id, (None, None))[0],
                previous_score=before.get(e.unit_id, (None, None))[1],
            )  # fmt: skip
            for e in entries
        ],
        batch_size=2000,
    )


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


def year_rounds(year: int):
    """The rounds a year's score pools: closed or published, and never a secret one."""
    rounds = Round.objects.filter(period_start__year=year, status__in=SCORABLE)
    return rounds.filter(Q(status=RoundStatus.PUBLISHED) | Q(is_covert=False))


@transaction.atomic
def score_year(actor, year: int, *, reason: str = "") -> ScoreRun:
    """Pool every scorable round of the year into the year's scores (the cycle and the annual
    assessment read these)."""
    _require_office(actor)
    round_ids = list(year_rounds(year).values_list("pk", flat=True))
    if not round_ids:
        raise DomainError(_("%(year)s 年还没有可计分的轮次") % {"year": year}, field="year")
    earlier = ScoreRun.objects.select_for_update().filter(year=year, is_current=True).first()
    computed = compute(round_ids)
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
