"""Access-matrix rows: (url name, object key, personas, method); PUBLIC names need no login;
objects(world, found) adds the objects these rows' keys name.

The XLSX exports of issue 7: each answers whoever may open its page ("sites:export",
"problems:export" and "inspections:sample_export" are listed with their pages). The keys come from
the objects the matrix builds: "round" (an open round), "unit" (unit A, 市城管局), "followup_sample".
"""

from __future__ import annotations

ALL = frozenset(
    ["office_admin", "office_staff", "district_officer", "handler", "unit_head", "outsider", "inspector", "leader",
     "grid_worker"]
)  # fmt: skip
OFFICE = frozenset(["office_admin", "office_staff"])
ADMIN = frozenset(["office_admin"])
# Unit A's score card: office, leaders and unit A's own people (see assessment/tests/matrix.py).
UNIT_A = OFFICE | {"leader", "handler", "unit_head"}
ANNUAL = ALL - {"inspector", "grid_worker"}
SUMMONS = OFFICE | {"district_officer", "leader"}

PAGES: list = [
    ("inspections:export", None, ALL, "get"),
    ("inspections:results_export", "round", ALL, "get"),
    ("assessment:rankings_export", None, ALL, "get"),
    ("assessment:unit_export", "unit", UNIT_A, "get"),
    ("assessment:annual_export", None, ANNUAL, "get"),
    ("units:unit_export", None, ADMIN, "get"),
    ("units:user_export", None, ADMIN, "get"),
    ("audit:export", None, OFFICE, "get"),
    ("citizens:triage_export", None, OFFICE, "get"),
    ("problems:summons_export", None, SUMMONS, "get"),
    ("problems:followup_export", "followup_sample", OFFICE, "get"),
]
PUBLIC: set = set()


def objects(world, found: dict) -> dict:
    return {}
