"""Objects for the citizens' page tests and the access matrix: a category, a site in community A
(so a report beside it is routed to street A), and a pending citizen report with one photo."""

from __future__ import annotations

from chuangwen.citizens import services
from chuangwen.citizens.models import Channel, Report
from chuangwen.lib import uploads
from chuangwen.problems.models import ProblemCategory
from chuangwen.problems.tests.pages_support import jpeg_upload


def make_category(code: str = "SR", name: str = "市容环境", **extra) -> ProblemCategory:
    return ProblemCategory.objects.get_or_create(code=code, defaults={"name": name, **extra})[0]


def pending_report(category: ProblemCategory | None = None, **extra) -> Report:
    """A citizen's report from the public page, with a photo, next to the site at (30.6, 114.3)."""
    fields = {
        "channel": Channel.WEB,
        "description": "东华路人行道上有一堆建筑垃圾",
        "category": category,
        "lat": "30.600100",
        "lng": "114.300100",
        "address": "东华路12号",
        "name": "王先生",
        "phone": "13912345678",
        "photos": [uploads.accept_image(jpeg_upload(), folder="citizens")],
    }
    return services.submit_report(**(fields | extra))


def citizen_objects(world) -> dict:
    """Keys for the access matrix: "report" (pending, with "report_photo")."""
    report = pending_report(make_category())
    return {"report": report, "report_photo": report.photos.get()}
