"""Sharing a sample among teams and ordering each team's route: pure functions, no database.

Balance: each team gets ⌊n/k⌋ or ⌈n/k⌉ sites. Proximity: a capacitated k-means — centres start
at spread-out sites (farthest-point, deterministic), sites are handed out in order of how much
they would lose by not getting their nearest centre (regret), each to the nearest centre with
room; centres move to their sites' mean and the hand-out repeats until it settles.

Route: an open path through a team's sites, nearest neighbour from the site farthest from the
team's centre, then improved by 2-opt. Distances are metres on the local plane (equirectangular),
which is exact enough inside a city.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

EARTH_RADIUS_M = 6_371_000
MAX_ROUNDS = 12


@dataclass(frozen=True)
class Point:
    id: int
    lat: float
    lng: float


def distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def _plane(points: list[Point]) -> dict[int, tuple[float, float]]:
    if not points:
        return {}
    lat0 = math.radians(sum(p.lat for p in points) / len(points))
    k = math.pi / 180 * EARTH_RADIUS_M
    return {p.id: (p.lng * k * math.cos(lat0), p.lat * k) for p in points}


def _d(a: tuple[float, float], b: tuple[float, float]) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def capacities(n: int, k: int) -> list[int]:
    return [n // k + (1 if i < n % k else 0) for i in range(k)]


def balance(points: list[Point], team_ids: list[int]) -> dict[int, int]:
    """{point id: team id}, balanced in count and grouped by proximity; deterministic."""
    if not team_ids or not points:
        return {}
    points = sorted(points, key=lambda p: p.id)
    xy = _plane(points)
    k = min(len(team_ids), len(points))
    centres = _spread_centres(points, xy, k)
    caps = capacities(len(points), len(team_ids))
    assignment: dict[int, int] = {}
    for _ in range(MAX_ROUNDS):
        new = _hand_out(points, xy, centres, caps)
        if new == assignment:
            break
        assignment = new
        centres = _recentre(points, xy, assignment, centres)
    return {pid: team_ids[c] for pid, c in assignment.items()}


def _spread_centres(points: list[Point], xy, k: int) -> list[tuple[float, float]]:
    mx = sum(x for x, _ in xy.values()) / len(xy)
    my = sum(y for _, y in xy.values()) / len(xy)
    first = max(points, key=lambda p: (_d(xy[p.id], (mx, my)), -p.id))
    centres = [xy[first.id]]
    while len(centres) < k:
        nxt = max(points, key=lambda p: (min(_d(xy[p.id], c) for c in centres), -p.id))
        centres.append(xy[nxt.id])
    return centres


def _hand_out(points: list[Point], xy, centres, caps: list[int]) -> dict[int, int]:
    room = list(caps[: len(centres)]) + [0] * max(0, len(centres) - len(caps))
    # Teams beyond the number of centres (more teams than sites) get nothing.
    ranked = []
    for p in points:
        dists = sorted((_d(xy[p.id], c), i) for i, c in enumerate(centres))
        regret = (dists[1][0] - dists[0][0]) if len(dists) > 1 else 0.0
        ranked.append((-regret, p.id, dists))
    ranked.sort()
    result: dict[int, int] = {}
    for _, pid, dists in ranked:
        for _, i in dists:
            if room[i] > 0:
                room[i] -= 1
                result[pid] = i
                break
    return result


def _recentre(points, xy, assignment, old):
    sums = [[0.0, 0.0, 0] for _ in old]
    for p in points:
        s = sums[assignment[p.id]]
        s[0] += xy[p.id][0]
        s[1] += xy[p.id][1]
        s[2] += 1
    return [(s[0] / s[2], s[1] / s[2]) if s[2] else old[i] for i, s in enumerate(sums)]


def route(points: list[Point]) -> list[int]:
    """The point ids in visiting order: an open path, short but not guaranteed optimal."""
    if len(points) <= 2:
        return [p.id for p in sorted(points, key=lambda p: p.id)]
    points = sorted(points, key=lambda p: p.id)
    xy = _plane(points)
    cx = sum(x for x, _ in xy.values()) / len(xy)
    cy = sum(y for _, y in xy.values()) / len(xy)
    start = max(points, key=lambda p: (_d(xy[p.id], (cx, cy)), -p.id)).id
    order = _nearest_neighbour(start, [p.id for p in points], xy)
    return _two_opt(order, xy)


def _nearest_neighbour(start: int, ids: list[int], xy) -> list[int]:
    left = set(ids) - {start}
    order = [start]
    while left:
        here = xy[order[-1]]
        nxt = min(left, key=lambda i: (_d(here, xy[i]), i))
        order.append(nxt)
        left.remove(nxt)
    return order


def _two_opt(order: list[int], xy, max_passes: int = 20) -> list[int]:
    """Reverse segments while that shortens the open path."""
    n = len(order)
    for _ in range(max_passes):
        improved = False
        for i in range(n - 1):
            a = xy[order[i - 1]] if i > 0 else None
            b = xy[order[i]]
            for j in range(i + 1, n):
                c = xy[order[j]]
                d = xy[order[j + 1]] if j + 1 < n else None
                before = (_d(a, b) if a else 0) + (_d(c, d) if d else 0)
                after = (_d(a, c) if a else 0) + (_d(b, d) if d else 0)
                if after + 1e-6 < before:
                    order[i : j + 1] = reversed(order[i : j + 1])
                    b = xy[order[i]]
                    improved = True
        if not improved:
            break
    return order


def path_length(order: list[int], points: list[Point]) -> float:
    by_id = {p.id: p for p in points}
    return sum(
        distance_m(by_id[a].lat, by_id[a].lng, by_id[b].lat, by_id[b].lng)
        for a, b in zip(order, order[1:], strict=False)
    )
