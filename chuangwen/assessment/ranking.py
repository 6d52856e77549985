"""Ranks within peer groups and the red and black lists (红黑榜). Pure functions.

Ranking is competition ranking: equal scores share a rank and the next rank skips (1, 2, 2, 4).
A unit with no score is not ranked. Lists, per peer group:
- by rank: the top N are red, the bottom N black (ties at the boundary are all in); a unit is
  never on both (a group smaller than 2N puts its middle on red only);
- by threshold: red at or above the red line, black below the black line.
A vetoed unit (score 0 by a total veto) is always black.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

RED = "red"
BLACK = "black"


@dataclass(frozen=True)
class Entry:
    unit_id: int
    group: str
    score: Decimal | None
    vetoed: bool = False


@dataclass(frozen=True)
class Placed:
    rank: int | None
    of: int
    board: str


def competition_ranks(scores: dict[int, Decimal]) -> dict[int, int]:
    ordered = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    ranks: dict[int, int] = {}
    previous = None
    for position, (unit_id, value) in enumerate(ordered, start=1):
        if value != previous:
            rank = position
            previous = value
        ranks[unit_id] = rank
    return ranks


def place(
    entries: list[Entry],
    *,
    mode: str = "rank",
    size: int = 3,
    red_threshold: Decimal = Decimal(95),
    black_threshold: Decimal = Decimal(85),
) -> dict[int, Placed]:
    groups: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        groups[entry.group].append(entry)
    placed: dict[int, Placed] = {}
    for members in groups.values():
        scored = {e.unit_id: e.score for e in members if e.score is not None}
        ranks = competition_ranks(scored)
        from_bottom = competition_ranks({k: -v for k, v in scored.items()})
        for entry in members:
            rank = ranks.get(entry.unit_id)
            board = ""
            if rank is not None:
                if mode == "threshold":
                    board = RED if entry.score >= red_threshold else BLACK if entry.score < black_threshold else ""
                elif size > 0:
                    board = RED if rank <= size else BLACK if from_bottom[entry.unit_id] <= size else ""
                if entry.vetoed:
                    board = BLACK
            placed[entry.unit_id] = Placed(rank, len(scored), board)
    return placed
