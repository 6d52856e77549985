"""A unit's score card (its scores across rounds and where it lost points) and the simulator
("what would move our rank").

Both are behind view_access: the card for office staff, leaders, the unit's own people and the
district office of its district; the simulator for office staff, leaders and the unit itself. The
rounds are those the person may see (Round.objects.visible_to) that have scores.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from chuangwen.assessment import sources, view_access, whatif
from chuangwen.assessment.models import StandardScore, UnitScore
from chuangwen.assessment.ranking_views import chart_text
from chuangwen.inspections.models import CheckResult, Round, Verdict, Visit
from chuangwen.problems.models import Problem

SITES_PER_STANDARD = 30
SIMULATE_LIMIT = 300


def unit_rounds(user, unit) -> list[UnitScore]:
    """The unit's scores in the current runs of the rounds this person may see, oldest first."""
    return list(
        UnitScore.objects.filter(
            unit=unit, run__is_current=True, run__round__in=Round.objects.visible_to(user).values("pk")
        )
        .select_related("run__round")
        .order_by("run__round__period_start", "run__round__created_at")
    )


def unit_years(unit) -> list[UnitScore]:
    return list(
        UnitScore.objects.filter(unit=unit, run__is_current=True, run__year__isnull=False)
        .select_related("run")
        .order_by("run__year")
    )


def pick(request, scores: list[UnitScore]) -> tuple[Round | None, UnitScore | None]:
    """The round asked for (?round=, 404 if not there for this person or not scored), else the
    newest round the unit has a score in."""
    if request.GET.get("round"):
        round_, _run = view_access.scored_round_for_user(request.user, request.GET["round"])
        return round_, next((s for s in scores if s.run.round_id == round_.pk), None)
    if not scores:
        return None, None
    return scores[-1].run.round, scores[-1]


def trend_data(scores: list[UnitScore]) -> dict:
    shown = [s for s in scores if s.score is not None]
    return {
        "labels": [s.run.round.period_start.strftime("%m-%d") for s in shown],
        "titles": [f"{s.run.round.code} {s.run.round.name}" for s in shown],
        "scores": [float(s.score) for s in shown],
        "ranks": [s.rank for s in shown],
        "of": [s.of for s in shown],
    }


def failing_sites(user, round_: Round, unit, standard_ids: list[int]) -> dict[int, list[dict]]:
    """Per standard, the sites of this unit that failed it in the round, each with its visit and
    problem (linked only where this person may open them)."""
    fails = list(
        CheckResult.objects.filter(round=round_, verdict=Verdict.FAIL, standard_id__in=standard_ids)
        .select_related("site", "item", "problem")
        .order_by("site__code", "item__sort_order", "pk")
    )
    units = sources.ranked_units()
    site_units = sources.site_units({r.site_id for r in fails}, units)
    standard_units = sources.standard_units(set(standard_ids), units)
    mine = [
        r for r in fails
        if unit.pk in site_units.get(r.site_id, ()) or unit.pk in standard_units.get(r.standard_id, ())
    ]  # fmt: skip
    visits = set(Visit.objects.visible_to(user).filter(pk__in={r.visit_id for r in mine}).values_list("pk", flat=True))
    problems = {r.problem_id for r in mine if r.problem_id}
    linkable = set(Problem.objects.visible_to(user).filter(pk__in=problems).values_list("pk", flat=True))
    out: dict[int, list[dict]] = {}
    for r in mine:
        out.setdefault(r.standard_id, []).append(
            {"result": r, "visit": r.visit_id in visits, "problem": r.problem_id in linkable}
        )
    return out


def losses(user, round_: Round, score: UnitScore) -> tuple[list[StandardScore], list[StandardScore]]:
    """The unit's standards in the run, those that lost points first (by points lost), with the
    sites behind each; and those that lost nothing."""
    rows = list(StandardScore.objects.filter(run=score.run, unit=score.unit).select_related("standard"))
    lost = sorted((r for r in rows if r.lost > 0), key=lambda r: (-r.lost, r.standard.code))
    kept = sorted((r for r in rows if r.lost <= 0), key=lambda r: r.standard.code)
    sites = failing_sites(user, round_, score.unit, [r.standard_id for r in lost])
    top = lost[0].lost if lost else Decimal(1)
    for r in lost:
        found = sites.get(r.standard_id, [])
        r.sites_failed = found[:SITES_PER_STANDARD]
        r.sites_more = max(0, len(found) - SITES_PER_STANDARD)
        r.share = int(100 * r.lost / top) if top else 0
    return lost, kept


def costs(user, round_: Round, unit, limit: int = 20) -> list:
    found = whatif.costly_problems(round_, unit.pk, limit=limit)
    linkable = set(
        Problem.objects.visible_to(user).filter(pk__in=[c.problem.pk for c in found]).values_list("pk", flat=True)
    )
    return [{"cost": c, "link": c.problem.pk in linkable} for c in found]


@require_GET
@login_required
def unit_card(request, pk: int):
    unit = view_access.unit_for_user(request.user, pk)
    scores = unit_rounds(request.user, unit)
    round_, score = pick(request, scores)
    lost, kept = losses(request.user, round_, score) if score else ([], [])
    context = {
        "section": "rankings",
        "unit": unit,
        "scores": scores,
        "year_scores": unit_years(unit),
        "round": round_,
        "score": score,
        "rounds": [s.run.round for s in reversed(scores)],
        "lost": lost,
        "kept": kept,
        "costs": costs(request.user, round_, unit) if score else [],
        "trend": trend_data(scores),
        "chart_text": chart_text(),
        "may_simulate": view_access.may_simulate(request.user, unit),
        "show_change": round_ is not None and view_access.previous_visible(request.user, round_),
    }
    return render(request, "assessment/unit.html", context)


def _chosen(request, offered: dict[int, object]) -> list[int]:
    raw = request.GET.getlist("problem")
    chosen = []
    for value in raw:
        try:
            pk = int(value)
        except ValueError:
            continue
        if pk in offered:
            chosen.append(pk)
    return chosen


def peer_table(outcomes: dict, unit, units: dict) -> list[dict]:
    group = sources.PEER_KINDS.get(unit.kind)
    rows = [
        {"unit": units[o.unit_id], "outcome": o, "me": o.unit_id == unit.pk}
        for o in outcomes.values()
        if o.unit_id in units and sources.PEER_KINDS.get(units[o.unit_id].kind) == group
    ]
    rows.sort(key=lambda r: (r["outcome"].rank_after or 10**6, r["unit"].path))
    return rows


@require_GET
@login_required
def simulate(request, pk: int):
    """The unit's open problems of a round as checkboxes; with ?run=1, its score, rank and list
    before and after fixing the chosen ones, and the peer group after (nothing is changed)."""
    unit = view_access.unit_for_user(request.user, pk)
    if not view_access.may_simulate(request.user, unit):
        raise Forbidden(_("只有文明办、领导和本单位可以使用模拟"))
    scores = unit_rounds(request.user, unit)
    round_, score = pick(request, scores)
    if round_ is not None and score is None:
        raise Http404
    offered = {c.problem.pk: c for c in whatif.costly_problems(round_, unit.pk, limit=SIMULATE_LIMIT)} if score else {}
    submitted = request.GET.get("run") == "1"
    chosen = _chosen(request, offered) if submitted else list(offered)
    context = {
        "section": "rankings",
        "unit": unit,
        "round": round_,
        "score": score,
        "rounds": [s.run.round for s in reversed(scores)],
        "offered": list(offered.values()),
        "chosen": set(chosen),
        "submitted": submitted,
    }
    if submitted and score:
        outcomes = whatif.simulate(round_, chosen)
        units = sources.ranked_units()
        context["outcome"] = outcomes.get(unit.pk)
        context["peers"] = peer_table(outcomes, unit, units)
        context["gain_total"] = sum((offered[pk].gain for pk in chosen), Decimal(0))
    return render(request, "assessment/simulate.html", context)
