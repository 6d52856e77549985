"""A small city scored by hand: every number below is worked out in the comments."""

from __future__ import annotations

from decimal import Decimal as D

from chuangwen.assessment import engine, ranking
from chuangwen.assessment.engine import StandardRule, Tally

# Standards: S1 4 points by pass rate; S2 2 points, 0.5 per occurrence; S3 3 points, veto (standard);
# S4 5 points by grade (≥90 %: full, ≥70 %: 0.6).
RULES = {
    1: StandardRule(D(4)),
    2: StandardRule(D(2)),
    3: StandardRule(D(3)),
    4: StandardRule(D(5), grade_thresholds=({"min": 90, "ratio": 1}, {"min": 70, "ratio": 0.6})),
}
# Units: districts 1 and 2, street 11 in district 1, department 21 leads S1, department 22 answers for site 102.
SITE_UNITS = {101: (1, 11), 102: (1, 11, 22), 201: (2,)}
STANDARD_UNITS = {1: (21,)}
TALLIES = [
    Tally(101, 1, "pass_rate", passes=1, fails=0),
    Tally(102, 1, "pass_rate", passes=0, fails=1),
    Tally(201, 1, "pass_rate", passes=1, fails=1),
    Tally(101, 2, "deduction", passes=0, fails=1, occurrences=3, deduction_per=D("0.5")),
    Tally(201, 2, "deduction", passes=1, fails=0, deduction_per=D("0.5")),
    Tally(102, 3, "veto", passes=0, fails=1, veto_scope="standard"),
    Tally(201, 3, "veto", passes=1, fails=0, veto_scope="standard"),
    Tally(101, 4, "grade", passes=4, fails=1),
    Tally(201, 4, "grade", passes=10, fails=0),
    Tally(201, 4, "grade", passes=0, fails=0),  # all 不适用: counts for nothing
]


def _scores():
    standard_scores, totals = engine.score(TALLIES, RULES, SITE_UNITS, STANDARD_UNITS)
    by_key = {(s.unit_id, s.standard_id): (s.earned, s.possible) for s in standard_scores}
    return by_key, totals


def test_points_per_unit_and_standard():
    by_key, _totals = _scores()
    # District 1 (sites 101, 102): S1 1 of 2 pass → 4 × 1/2 = 2; S2 2 − 3 × 0.5 = 0.5;
    # S3 vetoed → 0; S4 4 of 5 = 80 % → ratio 0.6 → 3.
    assert by_key[(1, 1)] == (D(2), D(4))
    assert by_key[(1, 2)] == (D("0.5"), D(2))
    assert by_key[(1, 3)] == (D(0), D(3))
    assert by_key[(1, 4)] == (D(3), D(5))
    # District 2 (site 201): S1 1 of 2 → 2; S2 no failure → 2; S3 → 3; S4 100 % → 5.
    assert by_key[(2, 1)] == (D(2), D(4))
    assert by_key[(2, 4)] == (D(5), D(5))
    # Department 21 leads S1 everywhere: 2 of 4 pass → 2 of 4; it has nothing else.
    assert by_key[(21, 1)] == (D(2), D(4))
    assert (21, 2) not in by_key
    # Department 22 answers for site 102: S1 failed → 0 of 4; S3 vetoed → 0 of 3.
    assert by_key[(22, 1)] == (D(0), D(4)) and by_key[(22, 3)] == (D(0), D(3))


def test_totals_ranks_and_lists():
    _by_key, totals = _scores()
    # District 1: (2 + 0.5 + 0 + 3) / 14 = 39.2857… → 39.29; district 2: 12 / 14 = 85.714… → 85.71.
    assert totals[1].score == D("39.29") and totals[11].score == D("39.29")
    assert totals[2].score == D("85.71")
    assert totals[21].score == D("50.00") and totals[22].score == D("0.00")
    groups = {1: "districts", 2: "districts", 11: "streets", 21: "departments", 22: "departments"}
    entries = [ranking.Entry(u, groups[u], t.score, t.vetoed) for u, t in totals.items()]
    placed = ranking.place(entries, mode="rank", size=1)
    assert (placed[2].rank, placed[2].board) == (1, "red")
    assert (placed[1].rank, placed[1].board) == (2, "black")
    assert (placed[21].rank, placed[22].rank) == (1, 2)
    assert (placed[11].rank, placed[11].of, placed[11].board) == (1, 1, "red")
    by_line = ranking.place(entries, mode="threshold", red_threshold=D(85), black_threshold=D(40))
    assert by_line[2].board == "red" and by_line[1].board == "black" and by_line[21].board == ""


def test_a_total_veto_zeroes_the_unit_and_blacklists_it():
    tallies = [*TALLIES, Tally(201, 3, "veto", passes=0, fails=1, veto_scope="total")]
    _scores_, totals = engine.score(tallies, RULES, SITE_UNITS, STANDARD_UNITS)
    assert totals[2].score == D(0) and totals[2].vetoed
    placed = ranking.place([ranking.Entry(2, "d", D(0), True), ranking.Entry(1, "d", D(50))], size=1)
    assert placed[2].board == "black"


def test_a_negative_list_takes_points_off_the_total():
    rules = {**RULES, 5: StandardRule(D(1), negative_list=True)}
    tallies = [*TALLIES, Tally(201, 5, "pass_rate", passes=0, fails=2)]
    _s, totals = engine.score(tallies, rules, SITE_UNITS, STANDARD_UNITS)
    # District 2: (12 − 2 × 1) / 14 = 71.43.
    assert totals[2].score == D("71.43")
