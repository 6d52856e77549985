"""Sharing a sample among teams and ordering each team's route (pure: no database)."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chuangwen.inspections import planning
from chuangwen.inspections.planning import Point, balance, distance_m, path_length, route

FAST = settings(max_examples=40, deadline=None)

# Points inside a city: about 20 km × 20 km around 30.6 N, 114.3 E.
coords = st.tuples(st.floats(30.5, 30.7, allow_nan=False), st.floats(114.2, 114.4, allow_nan=False))


@st.composite
def city_points(draw_, min_size: int = 0, max_size: int = 30) -> list[Point]:
    ids = draw_(st.lists(st.integers(1, 100_000), min_size=min_size, max_size=max_size, unique=True))
    return [Point(i, *draw_(coords)) for i in ids]


@FAST
@given(city_points(), st.lists(st.integers(1, 1000), min_size=1, max_size=6, unique=True), st.randoms())
def test_balance_assigns_every_point_with_sizes_within_one(points, teams, rnd):
    shares = balance(points, teams)
    assert set(shares) == {p.id for p in points}
    assert set(shares.values()) <= set(teams)
    sizes = Counter(shares.values())
    counts = [sizes.get(t, 0) for t in teams]
    assert max(counts) - min(counts) <= 1
    shuffled = list(points)
    rnd.shuffle(shuffled)
    assert balance(shuffled, teams) == shares  # deterministic, whatever the input order


def test_more_teams_than_points_gives_each_point_its_own_team():
    points = [Point(1, 30.60, 114.30), Point(2, 30.61, 114.31)]
    shares = balance(points, [7, 8, 9, 10])
    assert set(shares) == {1, 2}
    assert len(set(shares.values())) == 2


def test_nothing_to_share():
    assert balance([], [1, 2]) == {}
    assert balance([Point(1, 30.6, 114.3)], []) == {}


def _cluster(start_id: int, lat: float, lng: float, n: int) -> list[Point]:
    return [Point(start_id + i, lat + (i % 3) * 0.001, lng + (i // 3) * 0.001) for i in range(n)]


@pytest.mark.parametrize("sizes", [(6, 6), (5, 7), (8, 8)])
def test_two_separated_clusters_are_split_by_cluster(sizes):
    west = _cluster(1, 30.60, 114.20, sizes[0])
    east = _cluster(100, 30.62, 114.40, sizes[1])  # about 19 km away
    points = west + east
    if sizes[0] != sizes[1]:
        # Balance wins over proximity: with 5 and 7 the teams get 6 each, only one site moves.
        shares = balance(points, [1, 2])
        assert sorted(Counter(shares.values()).values()) == [6, 6]
        west_teams = Counter(shares[p.id] for p in west)
        assert west_teams.most_common(1)[0][1] == 5  # the whole west cluster in one team
        return
    shares = balance(points, [1, 2])
    assert len({shares[p.id] for p in west}) == 1
    assert len({shares[p.id] for p in east}) == 1
    assert shares[west[0].id] != shares[east[0].id]


def test_four_clusters_four_teams():
    corners = [(30.55, 114.20), (30.55, 114.40), (30.70, 114.20), (30.70, 114.40)]
    clusters = [_cluster(100 * (i + 1), lat, lng, 5) for i, (lat, lng) in enumerate(corners)]
    shares = balance([p for c in clusters for p in c], [11, 12, 13, 14])
    teams = [{shares[p.id] for p in c} for c in clusters]
    assert all(len(t) == 1 for t in teams)
    assert len(set().union(*teams)) == 4


@FAST
@given(city_points(max_size=25))
def test_route_is_a_permutation_of_the_ids(points):
    order = route(points)
    assert sorted(order) == sorted(p.id for p in points)


@FAST
@given(city_points(min_size=3, max_size=25))
def test_two_opt_route_is_never_longer_than_nearest_neighbour(points):
    ordered = sorted(points, key=lambda p: p.id)
    xy = planning._plane(ordered)
    order = route(points)
    nn = planning._nearest_neighbour(order_start(points, xy), [p.id for p in ordered], xy)
    plane = lambda o: sum(planning._d(xy[a], xy[b]) for a, b in zip(o, o[1:], strict=False))  # noqa: E731
    assert plane(order) <= plane(nn) + 1e-6
    # In metres on the sphere too (the plane is exact enough inside a city).
    assert path_length(order, points) <= path_length(nn, points) * (1 + 1e-6) + 1e-3


def order_start(points: list[Point], xy) -> int:
    """The route's first stop: the site farthest from the team's centre (ties: the lowest id)."""
    cx = sum(x for x, _ in xy.values()) / len(xy)
    cy = sum(y for _, y in xy.values()) / len(xy)
    return max(sorted(points, key=lambda p: p.id), key=lambda p: (planning._d(xy[p.id], (cx, cy)), -p.id)).id


def test_two_opt_removes_a_crossing():
    """A path that crosses itself on a rectangle becomes the shortest open path (brute force)."""
    rect = [Point(1, 30.600, 114.300), Point(2, 30.610, 114.300), Point(3, 30.600, 114.310), Point(4, 30.610, 114.310)]
    crossing = [1, 4, 2, 3]
    better = planning._two_opt(list(crossing), planning._plane(rect))
    best = min(path_length(list(o), rect) for o in itertools.permutations([1, 2, 3, 4]))
    assert path_length(better, rect) < path_length(crossing, rect)
    assert path_length(better, rect) == pytest.approx(best)
    assert path_length(route(rect), rect) == pytest.approx(best)


@FAST
@given(
    st.lists(st.floats(0, 0.2, allow_nan=False), min_size=3, max_size=20, unique=True).filter(
        lambda xs: min(b - a for a, b in zip(sorted(xs), sorted(xs)[1:], strict=False)) > 1e-4
    ),
    st.randoms(),
)
def test_points_on_a_line_are_visited_in_straight_order(offsets, rnd):
    points = [Point(i + 1, 30.5 + t, 114.2 + 0.5 * t) for i, t in enumerate(offsets)]
    rnd.shuffle(points)
    along = [p.id for p in sorted(points, key=lambda p: p.lat)]
    order = route(points)
    assert order in (along, along[::-1])


def test_small_routes_are_by_id():
    assert route([]) == []
    assert route([Point(5, 30.6, 114.3)]) == [5]
    assert route([Point(9, 30.6, 114.3), Point(2, 30.7, 114.3)]) == [2, 9]


def test_distance_against_known_values():
    # One degree of latitude on a sphere of radius 6 371 km: 111 194.93 m.
    assert distance_m(30.0, 114.0, 31.0, 114.0) == pytest.approx(111_194.93, abs=0.05)
    # One degree of longitude at the equator is the same; at 60 N half of it.
    assert distance_m(0.0, 0.0, 0.0, 1.0) == pytest.approx(111_194.93, abs=0.05)
    assert distance_m(60.0, 10.0, 60.0, 11.0) == pytest.approx(55_596.0, rel=2e-3)
    # Wuhan (Hankou) to Beijing, about 1 050 km (haversine on 6 371 km).
    assert distance_m(30.5928, 114.3055, 39.9042, 116.4074) == pytest.approx(1_052_000, rel=0.01)
    assert distance_m(30.6, 114.3, 30.6, 114.3) == 0
    assert distance_m(1.0, 2.0, 3.0, 4.0) == pytest.approx(distance_m(3.0, 4.0, 1.0, 2.0))


def test_capacities_share_evenly():
    assert planning.capacities(10, 3) == [4, 3, 3]
    assert planning.capacities(2, 4) == [1, 1, 0, 0]
    assert sum(planning.capacities(37, 5)) == 37
