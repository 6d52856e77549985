"""The demo's circular: the office issues the circular of the latest scored round (published, or
closed for an open round) through the circulars service, as the loader's last act of the office,
so the list, the downloads and the page previews have a real document from the demo's data."""

from __future__ import annotations

import datetime

import time_machine

from chuangwen.circulars import services
from chuangwen.circulars.models import Circular
from chuangwen.units.models import User


def build_circulars(now: datetime.datetime) -> dict[str, int]:
    round_ = services.issuable_rounds().first()
    if round_ is None:
        return {"circulars": 0}
    office = User.objects.get(username="office")
    # Issued now (a few minutes before the load ends): the rectification state in the document is
    # the state of the demo's data, and the date is today's.
    with time_machine.travel(now - datetime.timedelta(minutes=1), tick=False):
        services.issue_circular(office, round_)
    return {"circulars": Circular.objects.count()}
