"""Access-matrix rows: (url name, object key, personas, method); PUBLIC names need no login;
objects(world, found) adds the objects these rows' keys name.

The overview (态势): office staff and leaders read the city and any district; the district officer
reads district A (their own; the city overview opens on it). Units, inspectors and grid workers are
refused (403), as is the district officer at another district (404, tested in test_overview_access)."""

from __future__ import annotations

OVERVIEW = frozenset(["office_admin", "office_staff", "leader", "district_officer"])

PAGES: list = [
    ("overview", None, OVERVIEW, "get"),
    ("overview_district", "district", OVERVIEW, "get"),
    ("overview_screen", None, OVERVIEW, "get"),
    ("overview_data", None, OVERVIEW, "get"),
    ("overview_map_data", None, OVERVIEW, "get"),
]
PUBLIC: set = set()


def objects(world, found: dict) -> dict:
    return {"district": world.district_a}
