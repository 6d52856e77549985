"""Every change to a report: submitted (by a citizen, an Open311 client or staff), then accepted,
rejected or marked as a duplicate by the office. Each checks who may do it, runs in one
transaction and writes its audit event."""

from chuangwen.citizens.services.intake import RateLimited, submit_report
from chuangwen.citizens.services.triage import accept_report, mark_duplicate, reject_report

__all__ = ["RateLimited", "accept_report", "mark_duplicate", "reject_report", "submit_report"]
