"""Scores on the overview, read from the assessment's stored runs (chuangwen.assessment).

Only rounds the person may see count (`view_access.scored_rounds`): a covert round scored but not
yet published is not in a leader's or a district office's trend or ranking. The change since the
previous round is not shown here (the ranking page has it, with its own secrecy rule).

- The city's score in a round: the districts pooled, Σ earned / Σ possible × 100 (the districts'
  territories make up the city's; a vetoed district counts with 0 earned).
- A district's score in a round: its stored score.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.urls import reverse
from django.utils.translation import gettext as _

from chuangwen.assessment import view_access
from chuangwen.assessment.models import Board, PeerGroup, UnitScore
from chuangwen.dashboard.overview_access import Scope

TREND_ROUNDS = 12


def _pooled(rows) -> float | None:
    """Σ earned / Σ possible × 100 over (earned, possible, vetoed) rows; a vetoed unit earns 0."""
    possible = sum((p for _e, p, _v in rows), Decimal(0))
    if not possible:
        return None
    earned = sum((Decimal(0) if vetoed else max(e, Decimal(0)) for e, _p, vetoed in rows), Decimal(0))
    return float((100 * earned / possible).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def visible_rounds(scope: Scope) -> list[tuple]:
    """The last scored rounds this person may see, newest first: (pk, code, name, period_start)."""
    rounds = view_access.scored_rounds(scope.user).values_list("pk", "code", "name", "period_start")
    return list(rounds[:TREND_ROUNDS])


def score_trend(scope: Scope, newest_first: list[tuple]) -> dict:
    """The scope's score in each of these rounds, oldest first (one query)."""
    rounds = list(reversed(newest_first))
    scores = UnitScore.objects.filter(run__is_current=True, run__round_id__in=[r[0] for r in rounds])
    if scope.district:
        scores = scores.filter(unit_id=scope.district.pk)
    else:
        scores = scores.filter(peer_group=PeerGroup.DISTRICTS)
    per_round: dict[int, list] = {}
    stored: dict[int, float] = {}
    rows = scores.filter(score__isnull=False).values_list("run__round_id", "earned", "possible", "vetoed", "score")
    for round_id, earned, possible, vetoed, score in rows:
        per_round.setdefault(round_id, []).append((earned, possible, vetoed))
        stored[round_id] = float(score)
    labels, titles, values = [], [], []
    for pk, code, name, start in rounds:
        value = stored.get(pk) if scope.district else _pooled(per_round.get(pk, []))
        if value is None:
            continue
        labels.append(start.strftime("%m-%d"))
        titles.append(f"{code} {name}")
        values.append(value)
    return {"labels": labels, "titles": titles, "scores": values}


def _group(key: str, label: str, rows: list[UnitScore], scope: Scope, round_pk: int) -> dict:
    ranked = [r for r in rows if r.score is not None]
    if key == PeerGroup.DISTRICTS and scope.is_city:
        urls = [reverse("overview_district", args=[r.unit_id]) for r in ranked]
    else:
        urls = [_card_url(scope, r, round_pk) for r in ranked]
    return {
        "key": key,
        "label": str(label),
        "ids": [r.unit_id for r in ranked],
        "names": [r.unit.name for r in ranked],
        "scores": [float(r.score) for r in ranked],
        "boards": [r.board for r in ranked],
        "urls": urls,
    }


def _card_url(scope: Scope, score: UnitScore, round_pk: int) -> str:
    if not view_access.sees_unit(scope.user, score.unit):
        return ""
    return reverse("assessment:unit", args=[score.unit_id]) + f"?round={round_pk}"


def latest_ranking(scope: Scope, newest_first: list[tuple]) -> tuple[dict, dict[int, dict]]:
    """The newest of these rounds' ranking bars for the scope (districts and departments for the
    city, the streets and towns of a district), and each unit's score, rank and link (one query)."""
    if not newest_first:
        return {"round": "", "main": None, "departments": None, "own": None}, {}
    round_pk, code, name, _start = newest_first[0]
    scores = UnitScore.objects.filter(run__round_id=round_pk, run__is_current=True).select_related("unit")
    if scope.district:
        in_district = scores.filter(peer_group=PeerGroup.STREETS, unit__path__startswith=scope.district.path)
        rows = list(in_district | scores.filter(unit_id=scope.district.pk))
        shown = [(PeerGroup.STREETS, _("街道乡镇"))]
    else:
        rows = list(scores.filter(peer_group__in=(PeerGroup.DISTRICTS, PeerGroup.DEPARTMENTS)))
        shown = [(PeerGroup.DISTRICTS, _("区县")), (PeerGroup.DEPARTMENTS, _("市直部门"))]
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.unit.path))
    groups = {}
    for key, label in shown:
        group_rows = [r for r in rows if r.peer_group == key]
        groups[key] = _group(key, label, group_rows, scope, round_pk) if group_rows else None
    by_unit: dict[int, dict] = {}
    own = None
    for r in rows:
        entry = {"score": float(r.score) if r.score is not None else None, "rank": r.rank, "of": r.of}
        if scope.district and r.unit_id == scope.district.pk:
            own = {**entry, "board": r.board}
            continue
        entry["url"] = _card_url(scope, r, round_pk) if scope.district else ""
        by_unit[r.unit_id] = entry
    ranking = {
        "round": f"{code} {name}",
        "main": groups.get(PeerGroup.STREETS if scope.district else PeerGroup.DISTRICTS),
        "departments": groups.get(PeerGroup.DEPARTMENTS),
        "own": own,
        "boards": {Board.RED.value: str(Board.RED.label), Board.BLACK.value: str(Board.BLACK.label)},
    }
    return ranking, by_unit
