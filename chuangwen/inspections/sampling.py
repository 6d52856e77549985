"""Drawing a round's sample: pure functions, no database.

Sites are grouped by (site type, district). Each group is drawn with its own random generator,
seeded from the round's seed and the group's key, so the same seed and the same population give
the same sample, and a change in one district does not reshuffle another.

- 全面抽查 (all): every site of the type; recent-visit exclusions do not apply to a full check.
- n per district (count): min(n, eligible) sites of each district.
- a percentage (percent): ceil(eligible × p / 100) sites of each district.

Eligible = the group's sites minus those visited in the last N days (when the round asks).
With weighting, a site with more past problems is more likely to be drawn (weighted sampling
without replacement, Efraimidis–Spirakis: key u^(1/w), the k largest keys win), weight = 1 + problems.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

ALL = "all"
COUNT = "count"
PERCENT = "percent"
MODES = (ALL, COUNT, PERCENT)


@dataclass(frozen=True)
class Candidate:
    site_id: int
    site_type_id: int
    district_id: int | None


@dataclass(frozen=True)
class Rule:
    site_type_id: int
    mode: str
    value: int | None = None

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"unknown sampling mode {self.mode!r}")
        if self.mode != ALL and (self.value is None or self.value <= 0):
            raise ValueError("a random rule needs a positive value")
        if self.mode == PERCENT and self.value > 100:
            raise ValueError("a percentage is at most 100")


@dataclass
class GroupCount:
    """One line of the explanation: a site type in a district."""

    site_type_id: int
    district_id: int | None
    population: int = 0
    excluded: int = 0
    target: int = 0
    drawn: int = 0

    @property
    def eligible(self) -> int:
        return self.population - self.excluded


@dataclass
class Sample:
    site_ids: list[int]
    groups: list[GroupCount] = field(default_factory=list)


def target_size(rule: Rule, eligible: int) -> int:
    if rule.mode == ALL:
        return eligible
    if rule.mode == COUNT:
        return min(rule.value, eligible)
    return min(eligible, math.ceil(eligible * rule.value / 100))


def group_random(seed: int, site_type_id: int, district_id: int | None) -> random.Random:
    return random.Random(f"{seed}:{site_type_id}:{district_id or 0}")


def draw(
    candidates: Iterable[Candidate],
    rules: Iterable[Rule],
    seed: int,
    *,
    recently_visited: frozenset[int] | set[int] = frozenset(),
    weights: Mapping[int, float] | None = None,
) -> Sample:
    """The sample for these rules; candidates of a type with no rule are not drawn."""
    by_type = {rule.site_type_id: rule for rule in rules}
    groups: dict[tuple[int, int | None], list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        if candidate.site_type_id in by_type:
            groups[(candidate.site_type_id, candidate.district_id)].append(candidate)
    chosen: list[int] = []
    counts: list[GroupCount] = []
    for key in sorted(groups, key=lambda k: (k[0], k[1] or 0)):
        rule = by_type[key[0]]
        members = sorted(groups[key], key=lambda c: c.site_id)
        count = GroupCount(site_type_id=key[0], district_id=key[1], population=len(members))
        if rule.mode != ALL:
            eligible = [c.site_id for c in members if c.site_id not in recently_visited]
            count.excluded = len(members) - len(eligible)
        else:
            eligible = [c.site_id for c in members]
        count.target = target_size(rule, len(eligible))
        rng = group_random(seed, key[0], key[1])
        picked = _pick(eligible, count.target, rng, weights)
        count.drawn = len(picked)
        chosen.extend(picked)
        counts.append(count)
    return Sample(site_ids=sorted(chosen), groups=counts)


def _pick(ids: list[int], k: int, rng: random.Random, weights: Mapping[int, float] | None) -> list[int]:
    if k >= len(ids):
        return list(ids)
    if not weights:
        return sorted(rng.sample(ids, k))
    keyed = []
    for site_id in ids:
        weight = max(float(weights.get(site_id, 1.0)), 1e-9)
        keyed.append((rng.random() ** (1.0 / weight), site_id))
    keyed.sort(reverse=True)
    return sorted(site_id for _, site_id in keyed[:k])


def new_seed() -> int:
    """A fresh seed for a round, recorded with it (fits a signed 64-bit column)."""
    return random.SystemRandom().randrange(1, 2**62)
