"""Helpers for the public pages' tests: a public category answered by unit A (so a report far from
any site is routed to 市城管局, whose handler is a persona), a filled report form, and a report
taken to each stage through the real services."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chuangwen.citizens import services
from chuangwen.citizens.models import Channel, Report
from chuangwen.lib import uploads
from chuangwen.problems import services as problem_services
from chuangwen.problems.models import Problem, ProblemCategory, Status
from chuangwen.problems.tests.pages_support import jpeg_bytes

PHONE = "13912345678"
REPORT_URL = "/report/"


def public_category(world, code: str = "appearance", name: str = "市容环境") -> ProblemCategory:
    return ProblemCategory.objects.get_or_create(
        code=code, defaults={"name": name, "default_unit": world.dept_a, "is_public": True}
    )[0]


def jpeg(name: str = "photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(), content_type="image/jpeg")


def form_data(category: ProblemCategory, **extra) -> dict:
    """What the page posts: a photo, a pin, a category, a description, a phone and a device id."""
    data = {
        "photos": [jpeg()],
        "lat": "30.700000",
        "lng": "114.500000",
        "address": "",
        "category": str(category.pk),
        "description": "人行道上堆放建筑垃圾",
        "name": "王先生",
        "phone": PHONE,
        "device": "0123456789abcdef0123456789abcdef",
        "website": "",
    }
    return data | extra


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def submitted(category: ProblemCategory | None = None, **extra) -> Report:
    fields = {
        "channel": Channel.WEB, "description": "人行道上堆放建筑垃圾", "category": category, "lat": "30.700000",
        "lng": "114.500000", "name": "王先生", "phone": PHONE, "client_address": "10.0.0.9",
        "photos": [uploads.accept_image(jpeg(), folder="citizens")],
    }  # fmt: skip
    return services.submit_report(**(fields | extra))


def accepted(world, category: ProblemCategory, **extra) -> tuple[Report, Problem]:
    report = submitted(category, **extra)
    problem = services.accept_report(world.office_staff, report, note="内部备注：已电话核实")
    report.refresh_from_db()
    return report, problem


def close(world, problem: Problem) -> Problem:
    problem = Problem.objects.get(pk=problem.pk)
    if problem.status == Status.ASSIGNED:
        problem = problem_services.accept_problem(world.handler, problem)
    after = uploads.accept_image(jpeg("after.jpg"), folder="problems")
    problem_services.submit_rectification(world.handler, problem, note="已清理完毕", photos=[after])
    return problem_services.approve_rectification(world.office_staff, Problem.objects.get(pk=problem.pk))


def status_url(report: Report) -> str:
    return reverse("citizens:status_detail", args=[report.tracking_code])
