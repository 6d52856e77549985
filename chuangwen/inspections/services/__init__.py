"""Every change to a round, its sample, its teams and its visits: one function per action, each
checking who may do it, running in one transaction and writing its audit event."""

from chuangwen.inspections.services.answers import Answer, answer, answer_many
from chuangwen.inspections.services.findings import create_findings, publish_round
from chuangwen.inspections.services.rounds import (
    close_round,
    create_round,
    delete_round,
    delete_team,
    save_team,
    schedule_round,
    set_rules,
    start_round,
    unschedule_round,
    update_round,
)
from chuangwen.inspections.services.sample import add_site, assign_teams, draw_sample, move_site, remove_site
from chuangwen.inspections.services.visits import (
    add_photo,
    checklist,
    record_position,
    start_visit,
    submit_visit,
)

__all__ = [
    "Answer",
    "add_photo",
    "add_site",
    "answer",
    "answer_many",
    "assign_teams",
    "checklist",
    "close_round",
    "create_findings",
    "create_round",
    "delete_round",
    "delete_team",
    "draw_sample",
    "move_site",
    "publish_round",
    "record_position",
    "remove_site",
    "save_team",
    "schedule_round",
    "set_rules",
    "start_round",
    "start_visit",
    "submit_visit",
    "unschedule_round",
    "update_round",
]
