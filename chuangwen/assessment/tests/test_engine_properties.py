"""Properties of the score engine (hypothesis)."""

from __future__ import annotations

import random
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from chuangwen.assessment import engine
from chuangwen.assessment.engine import StandardRule, Tally

RULES = {
    1: StandardRule(D(4)),
    2: StandardRule(D(2)),
    3: StandardRule(D(3)),
    4: StandardRule(D(5), grade_thresholds=({"min": 90, "ratio": 1}, {"min": 70, "ratio": 0.6})),
    5: StandardRule(D(1), negative_list=True),
    6: StandardRule(D(3)),
}
KINDS = {1: "pass_rate", 2: "deduction", 3: "veto", 4: "grade", 5: "pass_rate", 6: "veto"}
SCOPES = {3: "standard", 6: "total"}
SITE_UNITS = {s: (1 + s % 3, 10 + s % 2) for s in range(1, 9)}
STANDARD_UNITS = {1: (20,), 2: (20, 21)}


@st.composite
def tally(draw):
    standard = draw(st.sampled_from(sorted(RULES)))
    fails = draw(st.integers(0, 4))
    kind = KINDS[standard]
    return Tally(
        site_id=draw(st.integers(1, 8)),
        standard_id=standard,
        rule_kind=kind,
        passes=draw(st.integers(0, 6)),
        fails=fails,
        occurrences=fails * draw(st.integers(1, 3)) if kind == "deduction" else 0,
        deduction_per=D("0.5") if kind == "deduction" else None,
        veto_scope=SCOPES.get(standard, ""),
    )


def totals(tallies):
    return engine.score(tallies, RULES, SITE_UNITS, STANDARD_UNITS)[1]


def _value(total):
    return None if total is None else total.score


@settings(max_examples=300, deadline=None)
@given(st.lists(tally(), min_size=1, max_size=25), st.data())
def test_fixing_a_problem_never_lowers_a_score(tallies, data):
    index = data.draw(st.integers(0, len(tallies) - 1))
    target = tallies[index]
    if target.fails == 0:
        return
    fixed = target._replace(
        passes=target.passes + 1,
        fails=target.fails - 1,
        occurrences=max(0, target.occurrences - data.draw(st.integers(0, max(target.occurrences, 0)))),
    )
    before, after = totals(tallies), totals([*tallies[:index], fixed, *tallies[index + 1 :]])
    for unit_id, total in before.items():
        if total.score is not None:
            assert after[unit_id].score >= total.score, (unit_id, total, after[unit_id])


@settings(max_examples=200, deadline=None)
@given(st.lists(tally(), max_size=25), st.randoms(use_true_random=False))
def test_the_order_of_results_does_not_change_a_score(tallies, rnd: random.Random):
    shuffled = list(tallies)
    rnd.shuffle(shuffled)
    assert {k: _value(v) for k, v in totals(tallies).items()} == {k: _value(v) for k, v in totals(shuffled).items()}


@settings(max_examples=200, deadline=None)
@given(st.lists(tally(), max_size=20), st.integers(1, 8))
def test_a_veto_behaves_as_configured(tallies, site):
    vetoed_standard = [*tallies, Tally(site, 3, "veto", 0, 1, veto_scope="standard")]
    scores, _ = engine.score(vetoed_standard, RULES, SITE_UNITS, STANDARD_UNITS)
    for s in scores:
        if s.standard_id == 3 and s.unit_id in SITE_UNITS[site]:
            assert s.earned == 0 and s.vetoed
    vetoed_total = [*tallies, Tally(site, 6, "veto", 0, 1, veto_scope="total")]
    result = totals(vetoed_total)
    for unit_id in SITE_UNITS[site]:
        assert result[unit_id].score == 0 and result[unit_id].vetoed


def test_all_not_applicable_gives_no_number():
    result = totals([Tally(1, 1, "pass_rate", 0, 0)])
    assert result == {}


@settings(max_examples=300, deadline=None)
@given(st.lists(tally(), min_size=1, max_size=40), st.data())
def test_pooling_by_territory_changes_no_number(tallies, data):
    """Pooling tallies by the units sites share gives the same scores as counting each tally for
    each unit, whichever part of a site's units is called shared (units that also lead the
    standard, or answer for a site elsewhere, included)."""
    site_units = {
        s: tuple(data.draw(st.lists(st.sampled_from([1, 2, 3, 10, 11, 20, 21]), max_size=4, unique=True)))
        for s in range(1, 9)
    }
    territory = {s: units[: data.draw(st.integers(0, len(units)))] for s, units in site_units.items()}
    plain = engine.score(tallies, RULES, site_units, STANDARD_UNITS)
    pooled = engine.score(tallies, RULES, site_units, STANDARD_UNITS, territory)
    assert sorted(pooled[0]) == sorted(plain[0])
    assert pooled[1] == plain[1]


def test_a_units_total_does_not_depend_on_the_order_of_its_standards():
    """Found by the property above: pooled and plain summed the same standard scores in another
    order, and the total's last Decimal digits differed (the score to two places did not)."""
    tallies = [
        Tally(3, 1, "pass_rate", 2, 1),
        Tally(3, 2, "deduction", 1, 0, 0, D("0.5")),
        Tally(3, 4, "grade", 3, 1),
        Tally(3, 5, "pass_rate", 0, 1),
        Tally(6, 3, "veto", 1, 0, veto_scope="standard"),
    ]
    site_units = {3: (10,), 6: (10,)}
    plain = engine.score(tallies, RULES, site_units, STANDARD_UNITS)
    pooled = engine.score(tallies, RULES, site_units, STANDARD_UNITS, {3: (10,), 6: ()})
    assert pooled[1] == plain[1] and engine.score(tallies[::-1], RULES, site_units, STANDARD_UNITS)[1] == plain[1]
