"""The score engine: from tallies of check results to points per unit and standard. Pure, no database.

A tally is the count of answers for one (site, standard, rule) in the rows being scored (a round,
or all rounds of a period). Each tally counts for the units it is attributed to: the territorial
units containing the site (district, street, community …) and the departments that lead or are
responsible for the standard or answer for the site.

For one unit and one standard, with the tallies attributed to it:

- pass-rate items (按合格率): rate = passes / (passes + fails); base = points × rate;
- grade items (按等级): the rate in percent picks the first threshold it reaches
  ({"min": 90, "ratio": 0.8}, highest first); base = points × ratio (below the last: 0);
- with only deduction or veto items the base is the full points;
- deduction items (按处扣分): each occurrence found costs its deduction; earned = max(0, base − deductions);
- veto items (一票否决): a failure gives the standard 0 ("standard" scope) or the unit's whole
  total 0 ("total" scope);
- a negative-list standard (负面清单) has no points to earn: its failures (by their deduction, or
  the standard's points per failure) are taken off the unit's earned total.

A (unit, standard) with no applicable answer (all 不适用, or none) has no score: it is absent,
neither 0 nor full. The unit's score is Σ earned / Σ possible × 100 (百分制) over the standards it
has a score for, floored at 0; a total veto makes it 0.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

PASS_RATE = "pass_rate"
DEDUCTION = "deduction"
GRADE = "grade"
VETO = "veto"
VETO_TOTAL = "total"
ZERO = Decimal(0)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


class Tally(NamedTuple):
    site_id: int
    standard_id: int
    rule_kind: str
    passes: int
    fails: int
    occurrences: int = 0  # Σ count of the failed answers (deduction items)
    deduction_per: Decimal | None = None
    veto_scope: str = ""


@dataclass(frozen=True)
class StandardRule:
    points: Decimal
    negative_list: bool = False
    grade_thresholds: tuple = ()  # ({"min": 95, "ratio": 1.0}, ...), highest first


@dataclass(slots=True)
class Accumulator:
    passes: int = 0  # pass-rate and grade answers
    fails: int = 0
    grade_passes: int = 0
    grade_fails: int = 0
    deductions: Decimal = ZERO
    applicable: int = 0  # every answer that is not 不适用
    failures: int = 0  # every failed answer, whatever the rule
    other_failures: int = 0  # failed answers not scored by deduction (a negative list costs points each)
    veto_standard: bool = False
    veto_total: bool = False
    sites: set = field(default_factory=set)  # the sites added one by one
    merged_sites: int = 0  # the sites of merged accumulators (each site is merged in once)

    def add(self, tally: Tally, rule: StandardRule) -> None:
        answered = tally.passes + tally.fails
        if answered == 0:
            return
        self.applicable += answered
        self.failures += tally.fails
        if tally.rule_kind != DEDUCTION:
            self.other_failures += tally.fails
        self.sites.add(tally.site_id)
        if tally.rule_kind == GRADE:
            self.grade_passes += tally.passes
            self.grade_fails += tally.fails
        elif tally.rule_kind == PASS_RATE:
            self.passes += tally.passes
            self.fails += tally.fails
        elif tally.rule_kind == DEDUCTION and tally.fails:
            per = tally.deduction_per if tally.deduction_per is not None else rule.points
            self.deductions += per * max(tally.occurrences, tally.fails)
        elif tally.rule_kind == VETO and tally.fails:
            if tally.veto_scope == VETO_TOTAL:
                self.veto_total = True
            else:
                self.veto_standard = True

    def merge(self, other: Accumulator) -> None:
        """Add another accumulator's answers, from sites this one has not counted."""
        self.passes += other.passes
        self.fails += other.fails
        self.grade_passes += other.grade_passes
        self.grade_fails += other.grade_fails
        self.deductions += other.deductions
        self.applicable += other.applicable
        self.failures += other.failures
        self.other_failures += other.other_failures
        self.veto_standard = self.veto_standard or other.veto_standard
        self.veto_total = self.veto_total or other.veto_total
        self.merged_sites += other.site_count

    @property
    def site_count(self) -> int:
        return len(self.sites) + self.merged_sites


class StandardScore(NamedTuple):
    unit_id: int
    standard_id: int
    earned: Decimal  # negative for a negative-list standard: what it takes off the total
    possible: Decimal
    applicable: int
    failures: int
    sites: int
    vetoed: bool


@dataclass(frozen=True)
class UnitTotal:
    unit_id: int
    earned: Decimal
    possible: Decimal
    score: Decimal | None  # 0-100, two places; None when nothing was scored
    vetoed: bool


def grade_ratio(rate_percent: Decimal, thresholds: Iterable[Mapping]) -> Decimal:
    for threshold in sorted(thresholds, key=lambda t: Decimal(str(t["min"])), reverse=True):
        if rate_percent >= Decimal(str(threshold["min"])):
            return Decimal(str(threshold["ratio"]))
    return ZERO


def standard_earned(acc: Accumulator, rule: StandardRule) -> tuple[Decimal, Decimal]:
    """(earned, possible) for one unit and standard."""
    if rule.negative_list:
        if acc.failures == 0:
            return ZERO, ZERO
        return -(acc.deductions + rule.points * acc.other_failures), ZERO
    if acc.veto_standard:
        return ZERO, rule.points
    base = rule.points
    factor = Decimal(1)
    if acc.passes + acc.fails:
        factor = Decimal(acc.passes) / Decimal(acc.passes + acc.fails)
    if acc.grade_passes + acc.grade_fails:
        rate = HUNDRED * acc.grade_passes / Decimal(acc.grade_passes + acc.grade_fails)
        factor = min(factor, grade_ratio(rate, rule.grade_thresholds))
    earned = max(ZERO, base * factor - acc.deductions)
    return earned, rule.points


def score(
    tallies: Iterable[Tally],
    rules: Mapping[int, StandardRule],
    site_units: Mapping[int, Iterable[int]],
    standard_units: Mapping[int, Iterable[int]],
    territory: Mapping[int, tuple[int, ...]] | None = None,
) -> tuple[list[StandardScore], dict[int, UnitTotal]]:
    """Points per (unit, standard) and each unit's total for these tallies.

    Each tally counts once for every unit it is attributed to: the units of its site, and the
    units that lead its standard. Done naively that is several accumulator updates per tally; here
    the tallies are first pooled per (territory, standard), where `territory` gives the part of a
    site's units that many sites share (its district and street; any subset of its site_units),
    and each pool is merged into those units once. A unit leading a standard gets the standard's
    pool of all sites. The other units of a site (包保 departments) are updated tally by tally."""
    territory = territory or {}
    leads = {standard: frozenset(units) for standard, units in standard_units.items()}
    no_units: frozenset = frozenset()
    plans: dict[int, tuple[int, tuple]] = {}  # site → (the number of its shared units, its other units)
    shares: dict[tuple, int] = {}  # shared units → their number (ints hash faster than tuples)
    pools: dict[tuple, Accumulator] = {}
    # Per (unit, standard). A unit gets a site's tallies either one by one (not among the site's
    # shared units) or in a pool (among them): never both for the same site, so sites add up.
    accumulators: dict[tuple[int, int], Accumulator] = defaultdict(Accumulator)
    for tally in tallies:
        standard_id = tally.standard_id
        rule = rules.get(standard_id)
        if rule is None or tally.passes + tally.fails == 0:
            continue
        plan = plans.get(tally.site_id)
        if plan is None:
            shared = tuple(territory.get(tally.site_id, ()))
            others = tuple(u for u in site_units.get(tally.site_id, ()) if u not in shared)
            plan = plans[tally.site_id] = (shares.setdefault(shared, len(shares)), others)
        key = (plan[0], standard_id)
        pool = pools.get(key)
        if pool is None:
            pool = pools[key] = Accumulator()
        pool.add(tally, rule)
        if plan[1]:
            lead = leads.get(standard_id, no_units)
            for unit_id in plan[1]:
                if unit_id not in lead:
                    accumulators[(unit_id, standard_id)].add(tally, rule)
    whole: dict[int, Accumulator] = defaultdict(Accumulator)  # per standard, every site: for the leads
    shared_units = list(shares)
    for (number, standard_id), pool in pools.items():
        shared = shared_units[number]
        lead = leads.get(standard_id, no_units)
        for unit_id in shared:
            if unit_id not in lead:
                accumulators[(unit_id, standard_id)].merge(pool)
        if lead:
            whole[standard_id].merge(pool)
    for standard_id, acc in whole.items():
        for unit_id in leads[standard_id]:
            accumulators[(unit_id, standard_id)].merge(acc)
    return _scores(accumulators, rules)


def _scores(
    accumulators: Mapping[tuple[int, int], Accumulator], rules: Mapping[int, StandardRule]
) -> tuple[list[StandardScore], dict[int, UnitTotal]]:
    standard_scores = []
    sums: dict[int, list] = defaultdict(lambda: [ZERO, ZERO, False])
    # In key order: a unit's total is a sum of Decimals, and its last digits would otherwise depend on
    # the order the accumulators were made in (pooled or not, the rows' order).
    for (unit_id, standard_id), acc in sorted(accumulators.items(), key=lambda item: item[0]):
        if acc.applicable == 0:
            continue
        rule = rules[standard_id]
        earned, possible = standard_earned(acc, rule)
        vetoed = acc.veto_standard or acc.veto_total
        standard_scores.append(
            StandardScore(unit_id, standard_id, earned, possible, acc.applicable, acc.failures, acc.site_count, vetoed)
        )
        total = sums[unit_id]
        total[0] += earned
        total[1] += possible
        total[2] = total[2] or acc.veto_total
    totals = {unit_id: _total(unit_id, *values) for unit_id, values in sums.items()}
    return standard_scores, totals


def _total(unit_id: int, earned: Decimal, possible: Decimal, vetoed: bool) -> UnitTotal:
    if possible <= 0:
        value = None  # only negative-list findings: nothing to score against
    elif vetoed:
        value = ZERO
    else:
        value = max(ZERO, HUNDRED * earned / possible).quantize(CENT, rounding=ROUND_HALF_UP)
    return UnitTotal(unit_id, earned, possible, value, vetoed)
