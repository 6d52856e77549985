"""Access-matrix rows for the office pages of inspections: (url name, object key, personas, method).
Object keys come from pages_support.inspection_objects; persona sets from test_access_matrix."""

from __future__ import annotations

OFFICE = frozenset(["office_admin", "office_staff"])
ALL = frozenset(
    ["office_admin", "office_staff", "district_officer", "handler", "unit_head", "outsider", "inspector", "leader",
     "grid_worker"]
)  # fmt: skip
# Who sees the open round's visit at the site of community A answered for by unit A.
VISIT_A = ALL - {"outsider"}

PAGES = [
    ("inspections:photo", "check_photo", VISIT_A, "get"),
]
