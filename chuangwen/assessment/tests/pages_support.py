"""Objects for the assessment pages' tests and the access matrix: the open round of
inspections.tests.pages_support.inspection_objects, closed and scored (one failed item at a site of
community A that unit A answers for, of a standard unit A leads)."""

from __future__ import annotations

from chuangwen.assessment import services
from chuangwen.inspections import services as inspections


def scored_objects(world, objects: dict) -> dict:
    """Close and score the round of inspection_objects; its key is "scored_round"."""
    round_ = inspections.close_round(world.office_staff, objects["round"])
    services.score_round(world.office_staff, round_)
    round_.refresh_from_db()
    return {"scored_round": round_}
