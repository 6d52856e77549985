"""Access-matrix rows for the assessment pages: (url name, object key, personas, method).
The "scored_round" comes from pages_support.scored_objects, the "unit" is unit A (市城管局)."""

from __future__ import annotations

OFFICE = frozenset(["office_admin", "office_staff"])
ALL = frozenset(
    ["office_admin", "office_staff", "district_officer", "handler", "unit_head", "outsider", "inspector", "leader",
     "grid_worker"]
)  # fmt: skip
# Unit A's drill-down and simulator: office, leaders and unit A's own people (not district A's office:
# unit A is a city department, not in its district).
UNIT_A = OFFICE | {"leader", "handler", "unit_head"}
# The annual assessment: office and leaders all lines, district offices and units their own.
ANNUAL = ALL - {"inspector", "grid_worker"}

PAGES = [
    ("assessment:rankings", None, ALL, "get"),
    ("assessment:compute", "scored_round", OFFICE, "post"),
    ("assessment:compute_year", None, OFFICE, "post"),
    ("assessment:unit", "unit", UNIT_A, "get"),
    ("assessment:simulate", "unit", UNIT_A, "get"),
    ("assessment:annual", None, ANNUAL, "get"),
    ("assessment:settings", None, OFFICE, "get"),
]
