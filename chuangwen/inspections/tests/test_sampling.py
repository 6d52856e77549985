"""The draw of a round's sample, property by property (pure: no database)."""

from __future__ import annotations

import math
import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chuangwen.inspections import sampling
from chuangwen.inspections.sampling import ALL, COUNT, PERCENT, Candidate, Rule, draw, target_size

TYPES = (1, 2, 3)
DISTRICTS = (None, 10, 20)
FAST = settings(max_examples=60, deadline=None)


@st.composite
def populations(draw_, max_sites: int = 40) -> list[Candidate]:
    """Distinct site ids spread over a few types and districts."""
    ids = draw_(st.lists(st.integers(1, 10_000), min_size=0, max_size=max_sites, unique=True))
    return [Candidate(i, draw_(st.sampled_from(TYPES)), draw_(st.sampled_from(DISTRICTS))) for i in ids]


def rule_for(site_type_id: int):
    return st.one_of(
        st.just(Rule(site_type_id, ALL)),
        st.integers(1, 12).map(lambda n: Rule(site_type_id, COUNT, n)),
        st.integers(1, 100).map(lambda p: Rule(site_type_id, PERCENT, p)),
    )


@st.composite
def rule_sets(draw_) -> list[Rule]:
    """A rule for some of the types (possibly none): a type without a rule is never drawn."""
    chosen = draw_(st.lists(st.sampled_from(TYPES), unique=True, max_size=len(TYPES)))
    return [draw_(rule_for(t)) for t in chosen]


seeds = st.integers(1, 2**62)


def group_of(candidates: list[Candidate]) -> dict[tuple, list[int]]:
    groups: dict[tuple, list[int]] = {}
    for c in candidates:
        groups.setdefault((c.site_type_id, c.district_id), []).append(c.site_id)
    return groups


@FAST
@given(populations(), rule_sets(), seeds, st.randoms(use_true_random=False))
def test_same_seed_and_inputs_give_the_same_sample_whatever_the_order(candidates, rules, seed, rnd):
    visited = frozenset(c.site_id for c in candidates[::3])
    first = draw(candidates, rules, seed, recently_visited=visited)
    shuffled = list(candidates)
    rnd.shuffle(shuffled)
    rules_shuffled = list(rules)
    rnd.shuffle(rules_shuffled)
    second = draw(shuffled, rules_shuffled, seed, recently_visited=set(visited))
    assert first.site_ids == second.site_ids
    assert first.groups == second.groups
    assert first.site_ids == sorted(set(first.site_ids))


@FAST
@given(populations(), rule_sets(), seeds, st.data())
def test_counts_per_type_and_district_follow_the_mode(candidates, rules, seed, data):
    visited = frozenset(data.draw(st.sets(st.sampled_from([c.site_id for c in candidates])))) if candidates else set()
    sample = draw(candidates, rules, seed, recently_visited=visited)
    by_type = {r.site_type_id: r for r in rules}
    chosen = set(sample.site_ids)
    groups = {k: v for k, v in group_of(candidates).items() if k[0] in by_type}
    assert {(g.site_type_id, g.district_id) for g in sample.groups} == set(groups)
    for g in sample.groups:
        members = groups[(g.site_type_id, g.district_id)]
        rule = by_type[g.site_type_id]
        drawn = [i for i in members if i in chosen]
        assert g.population == len(members)
        assert g.drawn == len(drawn)
        if rule.mode == ALL:
            assert g.excluded == 0
            assert sorted(drawn) == sorted(members)  # every site, even recently visited ones
            continue
        eligible = [i for i in members if i not in visited]
        assert g.excluded == len(members) - len(eligible)
        assert not set(drawn) & visited
        expected = min(rule.value, len(eligible)) if rule.mode == COUNT else math.ceil(len(eligible) * rule.value / 100)
        assert g.target == expected == len(drawn)
    assert len(chosen) == sum(g.drawn for g in sample.groups)


@FAST
@given(populations(), rule_sets(), seeds)
def test_types_without_a_rule_are_never_drawn(candidates, rules, seed):
    ruled = {r.site_type_id for r in rules}
    sample = draw(candidates, rules, seed)
    types = {c.site_id: c.site_type_id for c in candidates}
    assert {types[i] for i in sample.site_ids} <= ruled
    assert all(g.site_type_id in ruled for g in sample.groups)


@FAST
@given(populations(), seeds, st.integers(1, 8), st.data())
def test_a_group_does_not_change_when_another_district_changes(candidates, seed, n, data):
    rules = [Rule(t, COUNT, n) for t in TYPES]
    before = draw(candidates, rules, seed)
    # District 20 gains and loses sites; the other districts' draws stay as they were.
    others = [c for c in candidates if c.district_id != 20]
    changed = data.draw(st.lists(st.integers(20_001, 30_000), unique=True, max_size=15))
    after = draw(others + [Candidate(i, data.draw(st.sampled_from(TYPES)), 20) for i in changed], rules, seed)
    kept = {c.site_id for c in others}
    assert [i for i in before.site_ids if i in kept] == [i for i in after.site_ids if i in kept]


@FAST
@given(populations(), rule_sets(), seeds, st.dictionaries(st.integers(1, 10_000), st.integers(1, 30)))
def test_weighted_draw_is_reproducible_and_sized_like_the_plain_one(candidates, rules, seed, problems):
    weights = {site: 1.0 + n for site, n in problems.items()}
    first = draw(candidates, rules, seed, weights=weights)
    again = draw(list(reversed(candidates)), rules, seed, weights=dict(weights))
    plain = draw(candidates, rules, seed)
    assert first.site_ids == again.site_ids
    assert [(g.target, g.drawn) for g in first.groups] == [(g.target, g.drawn) for g in plain.groups]


def test_weighted_draw_prefers_heavy_sites():
    """100 sites, 10 of them with 9 past problems (weight 10); draw 10 with 200 fixed seeds."""
    candidates = [Candidate(i, 1, 10) for i in range(1, 101)]
    heavy = set(range(1, 101, 10))
    weights = dict.fromkeys(heavy, 10.0)
    rules = [Rule(1, COUNT, 10)]
    hits = Counter()
    plain_hits = 0
    for seed in range(1, 201):
        picked = set(draw(candidates, rules, seed, weights=weights).site_ids)
        hits.update(picked & heavy)
        plain_hits += len(set(draw(candidates, rules, seed).site_ids) & heavy)
    heavy_share = sum(hits.values()) / (200 * 10)
    # Unweighted, a heavy site fills about 10 % of the places; weighted, about half.
    assert 0.05 < plain_hits / 2000 < 0.15
    assert heavy_share > 0.4
    assert all(hits[i] > 60 for i in heavy)  # each heavy site drawn in well over 30 % of the draws


def test_the_sample_depends_on_the_seed():
    candidates = [Candidate(i, 1, 10) for i in range(1, 201)]
    samples = {tuple(draw(candidates, [Rule(1, COUNT, 5)], seed).site_ids) for seed in range(1, 21)}
    assert len(samples) > 15


@pytest.mark.parametrize(
    ("mode", "value", "eligible", "expected"),
    [
        (ALL, None, 7, 7),
        (COUNT, 3, 7, 3),
        (COUNT, 30, 7, 7),
        (COUNT, 1, 0, 0),
        (PERCENT, 10, 7, 1),
        (PERCENT, 50, 7, 4),
        (PERCENT, 100, 7, 7),
        (PERCENT, 1, 1, 1),
        (PERCENT, 33, 100, 33),
        (PERCENT, 30, 10, 3),
    ],
)
def test_target_size(mode, value, eligible, expected):
    assert target_size(Rule(1, mode, value), eligible) == expected


@pytest.mark.parametrize(
    ("mode", "value"),
    [("random", 3), (COUNT, None), (COUNT, 0), (COUNT, -2), (PERCENT, None), (PERCENT, 0), (PERCENT, 101)],
)
def test_invalid_rules_raise(mode, value):
    with pytest.raises(ValueError):
        Rule(1, mode, value)


def test_all_mode_needs_no_value_and_empty_inputs_draw_nothing():
    assert Rule(1, ALL).value is None
    sample = draw([], [Rule(1, ALL)], 5)
    assert sample.site_ids == [] and sample.groups == []
    assert draw([Candidate(1, 1, None)], [], 5).site_ids == []


def test_new_seed_is_positive_and_fits_a_bigint():
    seeds_ = {sampling.new_seed() for _ in range(50)}
    assert all(0 < s < 2**63 for s in seeds_)
    assert len(seeds_) == 50


def test_group_generator_is_stable_across_processes():
    """The generator is seeded from a string, not hash(): the same seed gives the same numbers
    in every Python process (PYTHONHASHSEED does not matter)."""
    assert sampling.group_random(42, 1, None).random() == random.Random("42:1:0").random()
    assert draw([Candidate(i, 1, 10) for i in range(1, 21)], [Rule(1, COUNT, 3)], 42).site_ids == (
        draw([Candidate(i, 1, 10) for i in range(20, 0, -1)], [Rule(1, COUNT, 3)], 42).site_ids
    )
