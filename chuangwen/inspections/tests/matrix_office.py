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
# The round's progress: its office and its own inspectors.
RUNNERS = OFFICE | {"inspector"}

PAGES = [
    ("inspections:photo", "check_photo", VISIT_A, "get"),
    # An open round is announced to everyone once scheduled; each sees only their own sites in it.
    ("inspections:list", None, ALL, "get"),
    ("inspections:detail", "round", ALL, "get"),
    ("inspections:results", "round", ALL, "get"),
    ("inspections:visit_detail", "visit", VISIT_A, "get"),
    ("inspections:progress", "round", RUNNERS, "get"),
    ("inspections:progress_data", "round", RUNNERS, "get"),
    ("inspections:create", None, OFFICE, "get"),
    ("inspections:edit", "round", OFFICE, "get"),
    ("inspections:transition", "round", OFFICE, "post"),
    ("inspections:rules", "round", OFFICE, "get"),
    ("inspections:sample", "round", OFFICE, "get"),
    ("inspections:draw", "round", OFFICE, "post"),
    ("inspections:add_site", "round", OFFICE, "post"),
    ("inspections:remove_site", "round", OFFICE, "post"),
    ("inspections:site_options", "round", OFFICE, "get"),
    ("inspections:sample_export", "round", OFFICE, "get"),
    ("inspections:teams", "round", OFFICE, "get"),
    ("inspections:assign", "round", OFFICE, "post"),
    ("inspections:team_edit", "team", OFFICE, "post"),
    ("inspections:team_delete", "team", OFFICE, "post"),
    ("inspections:move_site", "round_site", OFFICE, "post"),
]
