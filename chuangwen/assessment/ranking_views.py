"""Rankings (排名): a scored round's (or a year's) table per peer group with its bars and red and
black lists, and the office's buttons that compute and recompute scores.

The rounds offered are those the person may see (a secret covert round is not there for the
inspected); the table of a round is published material, shown to everyone who sees the round.
Computing goes through chuangwen.assessment.services (office only, audited).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from chuangwen.assessment import services, view_access
from chuangwen.assessment.models import Board, PeerGroup, ScoreRun, UnitScore
from chuangwen.inspections.access import get_round_for_user
from chuangwen.inspections.models import Round
from chuangwen.lib.bounded import parse_int
from chuangwen.lib.errors import DomainError

SECTION = "rankings"


def change(score: UnitScore) -> dict:
    """The move since the previous round: up (▲ places), down (▼), the same, or new."""
    if score.rank is None or score.previous_rank is None:
        return {"kind": "new" if score.rank is not None else "", "places": 0}
    places = score.previous_rank - score.rank
    return {"kind": "up" if places > 0 else "down" if places < 0 else "same", "places": abs(places)}


def groups_of(run: ScoreRun, show_change: bool) -> list[dict]:
    """The run's unit scores per peer group, ranked, with the chart data and the lists (one query)."""
    scores = UnitScore.objects.filter(run=run).select_related("unit").order_by("rank", "unit__path")
    by_group: dict[str, list] = {}
    for s in scores:
        s.move = change(s) if show_change else None
        by_group.setdefault(s.peer_group, []).append(s)
    groups = []
    for value, label in PeerGroup.choices:
        rows = by_group.get(value, [])
        if not rows:
            continue
        ranked = [r for r in rows if r.score is not None]
        groups.append(
            {
                "key": value,
                "label": label,
                "rows": rows,
                "red": [r for r in rows if r.board == Board.RED],
                "black": [r for r in rows if r.board == Board.BLACK],
                "chart": {
                    "names": [r.unit.name for r in ranked],
                    "scores": [float(r.score) for r in ranked],
                    "boards": [r.board for r in ranked],
                    "vetoed": [r.vetoed for r in ranked],
                    "height": 60 + 26 * len(ranked),
                },
            }
        )
    return groups


def chart_text() -> dict:
    return {"score": _("得分"), "red": _("红榜"), "black": _("黑榜"), "rank": _("名次"), "vetoed": _("否决")}


def _selection(request) -> tuple[Round | None, int | None]:
    """The round (?round=) or year (?year=) asked for, or the newest scored round."""
    user = request.user
    if request.GET.get("year"):
        year = parse_int(request.GET["year"].strip(), 1900, 2100)
        if year is None:
            raise Http404
        return None, year
    if request.GET.get("round"):
        return view_access.scored_round_for_user(user, request.GET["round"])[0], None
    return view_access.scored_rounds(user).first(), None


def rankings_context(request, round_: Round | None, year: int | None, **extra) -> dict:
    user = request.user
    run = None
    if round_ is not None:
        run = view_access.current_run(round_)
    elif year is not None:
        run = view_access.year_runs().filter(year=year).first()
        if run is None and not view_access.is_office(user):
            raise Http404
    show_change = round_ is None or view_access.previous_visible(user, round_)
    groups = groups_of(run, show_change) if run else []
    for group in groups:
        for row in group["rows"]:
            row.card = view_access.sees_unit(user, row.unit)
    office = view_access.is_office(user)
    years = list(view_access.year_runs().values_list("year", flat=True))
    context = {
        "section": SECTION,
        "round": round_,
        "year": year,
        "run": run,
        "rounds": list(view_access.scored_rounds(user)),
        "years": years,
        "groups": groups,
        "show_change": show_change,
        "is_office": office,
        "chart_text": chart_text(),
        **extra,
    }
    if office:
        context["unscored"] = list(
            Round.objects.filter(status__in=services.SCORABLE)
            .exclude(pk__in=ScoreRun.objects.filter(is_current=True, round__isnull=False).values("round_id"))
            .order_by("-period_start", "-created_at", "-id")
        )
        context["compute_year"] = year or (round_.period_start.year if round_ else timezone.localdate().year)
    return context


@require_GET
@login_required
def rankings(request):
    round_, year = _selection(request)
    return render(request, "assessment/rankings.html", rankings_context(request, round_, year))


@require_POST
@login_required
def compute(request, pk: int):
    """Score a closed or published round; a recompute needs a reason (the earlier run is kept)."""
    view_access.require_office(request.user)
    round_ = get_round_for_user(request.user, pk)
    reason = request.POST.get("reason", "")
    recompute = view_access.current_run(round_) is not None
    try:
        run = services.score_round(request.user, round_, reason=reason)
    except DomainError as exc:
        shown = round_ if recompute else view_access.scored_rounds(request.user).first()
        context = rankings_context(request, shown, None, error=str(exc.message), error_round=round_.pk, reason=reason)
        return render(request, "assessment/rankings.html", context, status=exc.status)
    done = _("已重新计算 %(code)s 的得分") if recompute else _("已计算 %(code)s 的得分")
    messages.success(request, done % {"code": round_.code} + _("（%(n)s 个单位）") % {"n": run.unit_scores.count()})
    return redirect(reverse("assessment:rankings") + f"?round={round_.pk}")


@require_POST
@login_required
def compute_year(request):
    """Pool the scorable rounds of a year into the year's scores (the cycle and annual read them)."""
    view_access.require_office(request.user)
    raw = request.POST.get("year", "").strip()
    year = parse_int(raw, 2000, 2100)
    try:
        if year is None:
            raise DomainError(_("请填写有效的年度，如 2026"), field="year")
        services.score_year(request.user, year, reason=request.POST.get("reason", ""))
    except DomainError as exc:
        context = rankings_context(request, view_access.scored_rounds(request.user).first(), None)
        context.update(error=str(exc.message), error_year=True)
        return render(request, "assessment/rankings.html", context, status=exc.status)
    messages.success(request, _("已计算 %(year)s 年度得分") % {"year": year})
    back = "assessment:annual" if request.POST.get("next") == "annual" else "assessment:rankings"
    return redirect(reverse(back) + f"?year={year}")
