"""How big the demo city is: normal (the everyday demo) or large (a big city, for load tests)."""

from __future__ import annotations

from typing import NamedTuple


class Scale(NamedTuple):
    name: str
    districts: int  # urban districts (区)
    counties: int  # counties (县)
    zones: int  # development zones (开发区)
    streets: tuple[int, int]  # streets/towns per district or county (min, max)
    zone_streets: tuple[int, int]  # streets per development zone
    communities: tuple[int, int]  # communities/villages per street or town
    grids: tuple[int, int]  # grid cells per community
    departments: int  # city and district departments in all
    sites: int
    office_staff: int  # office staff besides the demo logins
    inspectors: int
    problems: int  # problems in the three months of history (0: none)


SCALES = {
    "normal": Scale(
        name="normal",
        districts=4,
        counties=1,
        zones=1,
        streets=(6, 8),
        zone_streets=(3, 5),
        communities=(4, 6),
        grids=(2, 4),
        departments=32,
        sites=1000,
        office_staff=4,
        inspectors=12,
        problems=1600,
    ),
    "large": Scale(
        name="large",
        districts=12,
        counties=2,
        zones=2,
        streets=(10, 13),
        zone_streets=(6, 8),
        communities=(8, 11),
        grids=(2, 3),
        departments=150,
        sites=5000,
        office_staff=10,
        inspectors=60,
        problems=1600,
    ),
}
