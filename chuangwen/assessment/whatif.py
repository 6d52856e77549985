"""What costs a unit points, and what would move its rank if chosen problems were fixed.

A finding's problem is linked to its check result. "Fixed" means that answer counts as passed:
the failure (and its occurrences) leaves its tally. The round is scored again in memory with the
same engine, so the simulation and the stored scores can never disagree on the rules.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from chuangwen.assessment import engine, ranking, sources
from chuangwen.assessment.models import AssessmentSettings
from chuangwen.inspections.models import CheckResult, Round, Verdict
from chuangwen.problems.models import OPEN, Problem


@dataclass(frozen=True)
class RoundData:
    tallies: list[engine.Tally]
    rules: dict
    site_units: dict
    standard_units: dict
    units: dict


def load(round_: Round) -> RoundData:
    units = sources.ranked_units()
    tallies: list[engine.Tally] = []
    for source in sources.SOURCES:
        tallies.extend(source.tallies([round_.pk]))
    rules = sources.rules_for({t.standard_id for t in tallies})
    return RoundData(
        tallies,
        rules,
        sources.site_units({t.site_id for t in tallies}, units),
        sources.standard_units(rules, units),
        units,
    )


def _key(site_id, standard_id, rule_kind, deduction_per, veto_scope):
    return (site_id, standard_id, rule_kind, deduction_per, veto_scope or "")


def fixed_tallies(data: RoundData, results: list[CheckResult]) -> list[engine.Tally]:
    """The tallies with these failed answers turned into passes."""
    changes: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for r in results:
        if r.verdict == Verdict.FAIL:
            change = changes[_key(r.site_id, r.standard_id, r.rule_kind, r.deduction_per, r.item.veto_scope)]
            change[0] += 1
            change[1] += r.count
    out = []
    for t in data.tallies:
        change = changes.get(_key(t.site_id, t.standard_id, t.rule_kind, t.deduction_per, t.veto_scope))
        if change:
            t = t._replace(
                passes=t.passes + change[0], fails=t.fails - change[0], occurrences=max(0, t.occurrences - change[1])
            )
        out.append(t)
    return out


def _totals(data: RoundData, tallies) -> dict[int, engine.UnitTotal]:
    return engine.score(tallies, data.rules, data.site_units, data.standard_units)[1]


def _placed(data: RoundData, totals) -> dict[int, ranking.Placed]:
    config = AssessmentSettings.current()
    entries = [
        ranking.Entry(t.unit_id, sources.PEER_KINDS[data.units[t.unit_id].kind], t.score, t.vetoed)
        for t in totals.values()
        if t.unit_id in data.units
    ]
    return ranking.place(
        entries, mode=config.list_mode, size=config.list_size, red_threshold=config.red_threshold,
        black_threshold=config.black_threshold,
    )  # fmt: skip


@dataclass(frozen=True)
class Outcome:
    unit_id: int
    score_before: Decimal | None
    score_after: Decimal | None
    rank_before: int | None
    rank_after: int | None
    board_before: str
    board_after: str


def simulate(round_: Round, problem_ids: list[int]) -> dict[int, Outcome]:
    """Every ranked unit's score, rank and list before and after fixing these problems."""
    data = load(round_)
    results = list(CheckResult.objects.filter(round=round_, problem_id__in=problem_ids).select_related("item"))
    before_totals = _totals(data, data.tallies)
    after_totals = _totals(data, fixed_tallies(data, results))
    before, after = _placed(data, before_totals), _placed(data, after_totals)
    outcomes = {}
    for unit_id in set(before) | set(after):
        b, a = before.get(unit_id), after.get(unit_id)
        outcomes[unit_id] = Outcome(
            unit_id,
            before_totals[unit_id].score if unit_id in before_totals else None,
            after_totals[unit_id].score if unit_id in after_totals else None,
            b.rank if b else None,
            a.rank if a else None,
            b.board if b else "",
            a.board if a else "",
        )
    return outcomes


@dataclass(frozen=True)
class Cost:
    problem: Problem
    gain: Decimal  # points on the 100 scale the unit would gain if this problem alone were fixed


def costly_problems(round_: Round, unit_id: int, limit: int = 20) -> list[Cost]:
    """The unit's open problems from this round's findings, by the points fixing each would bring."""
    data = load(round_)
    mine = [
        t for t in data.tallies
        if unit_id in data.site_units.get(t.site_id, ()) or unit_id in data.standard_units.get(t.standard_id, ())
    ]  # fmt: skip
    mine_data = dataclasses.replace(data, tallies=mine)
    base = _totals(mine_data, mine).get(unit_id)
    if base is None or base.score is None:
        return []
    results = (
        CheckResult.objects.filter(round=round_, verdict=Verdict.FAIL, problem__status__in=OPEN)
        .select_related("item", "problem")
        .order_by("pk")
    )
    costs = []
    for result in results:
        sites = data.site_units.get(result.site_id, ())
        if unit_id not in sites and unit_id not in data.standard_units.get(result.standard_id, ()):
            continue
        after = _totals(mine_data, fixed_tallies(mine_data, [result])).get(unit_id)
        gain = (after.score or Decimal(0)) - base.score if after else Decimal(0)
        costs.append(Cost(result.problem, gain))
    costs.sort(key=lambda c: (-c.gain, c.problem.pk))
    return costs[:limit]
