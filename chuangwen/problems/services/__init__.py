"""Every change to a problem: one function per transition, each checking who may do it, running
in one transaction, writing its audit event and telling the people concerned."""

from chuangwen.problems.services.closing import mark_duplicate, mark_invalid, reopen_problem
from chuangwen.problems.services.create import create_problem
from chuangwen.problems.services.requests import decide_dispute, decide_extension, dispute_problem, request_extension
from chuangwen.problems.services.workflow import (
    accept_problem,
    approve_rectification,
    assign_by_rules,
    assign_problem,
    reject_rectification,
    submit_rectification,
)

__all__ = [
    "accept_problem",
    "approve_rectification",
    "assign_by_rules",
    "assign_problem",
    "create_problem",
    "decide_dispute",
    "decide_extension",
    "dispute_problem",
    "mark_duplicate",
    "mark_invalid",
    "reject_rectification",
    "reopen_problem",
    "request_extension",
    "submit_rectification",
]
