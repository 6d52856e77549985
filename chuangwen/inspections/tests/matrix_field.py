"""Access-matrix rows for the inspector's phone pages and JSON endpoints: (url name, object key,
personas, method). The visit of pages_support.inspection_objects is submitted; its round's team
is the inspector and a partner, so only the inspector may write (the office reads)."""

from __future__ import annotations

OFFICE = frozenset(["office_admin", "office_staff"])
TEAM = frozenset(["inspector"])
READERS = OFFICE | TEAM

PAGES = [
    ("inspections:mine", None, READERS, "get"),
    ("inspections:start", "round_site", TEAM, "post"),
    ("inspections:visit", "visit", READERS, "get"),
    ("inspections:visit_state", "visit", READERS, "get"),
    ("inspections:answer", "visit", TEAM, "post"),
    ("inspections:visit_photo", "visit", TEAM, "post"),
    ("inspections:position", "visit", TEAM, "post"),
    ("inspections:submit", "visit", TEAM, "post"),
]
